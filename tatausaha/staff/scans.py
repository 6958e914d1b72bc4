"""The ``pegawai`` kind's hooks for ingest (declared in ``area.py``):

* ``describe`` — how an employee is named in the Kotak Pindai, links and search (restricted like
  the search entry: only who may see personal data sees the name);
* ``suggest`` — a scan whose text shows the NIP of a known employee (an SK, a certificate) is
  offered for that employee; a NIP that is an employee's but appears with several others (an SK
  kolektif) scores lower;
* ``attach_scan`` — filing a scan on an employee (by its printed QR, or by the clerk taking the
  suggestion) links it to the file as an SK and reads what the SK proposes (new golongan/TMT, KGB)
  into an ``usulan_sk`` that waits for a user's confirmation (``tatausaha.staff.proposals``).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from tatausaha import visibility
from tatausaha.changes import Changes
from tatausaha.ingest.extract import extract
from tatausaha.models.document import Document, DocumentLink
from tatausaha.models.staff import Pegawai
from tatausaha.registry import RecordLabel, ScanMatch, document_changed
from tatausaha.services.uow import UnitOfWork
from tatausaha.staff import access, proposals
from tatausaha.staff.kinds import PEGAWAI
from tatausaha.staff.searchhook import KEAMANAN
from tatausaha.staff.service import nama_lengkap

#: 18 digits, possibly grouped "19860926 201505 1 001" (OCR keeps the spaces)
_NIP_RE = re.compile(r"(?<!\d)(\d{8})\s?(\d{6})\s?(\d)\s?(\d{3})(?!\d)")


def nips_in(text: str) -> list[str]:
    return list(dict.fromkeys("".join(m.groups()) for m in _NIP_RE.finditer(text or "")))


def describe(uow: UnitOfWork, record_id: int) -> RecordLabel | None:
    p = uow.session.get(Pegawai, record_id)
    if p is None:
        return None
    label = RecordLabel(PEGAWAI, p.id, "Pegawai", nomor="", perihal=f"{nama_lengkap(p)} — {p.jabatan_nama}".strip(" —"),
                        keamanan=KEAMANAN, chain_user_ids=access.pengelola_user_ids(uow))
    return visibility.shown(uow.session, uow.actor, PEGAWAI, record_id, label)


def suggest(uow: UnitOfWork, ex: Any) -> list[ScanMatch]:
    found = nips_in(getattr(ex, "text", "") or "")
    if not found:
        return []
    rows = uow.session.execute(select(Pegawai.id, Pegawai.nip_baru).where(Pegawai.nip_baru.in_(found))).all()
    score = 0.9 if len(found) == 1 else 0.6
    return [ScanMatch(pid, score, "NIP pegawai tertera pada dokumen" if len(found) == 1
                      else f"NIP pegawai tertera bersama {len(found) - 1} NIP lain") for pid, _nip in rows]


def attach_scan(uow: UnitOfWork, record_id: int, document_id: int, role: str, note: str | None) -> Changes:
    """File a scan on an employee: a document link (role ``sk``) and, when its text proposes a change
    (golongan/TMT, KGB), an ``usulan_sk`` waiting for confirmation."""
    exists = uow.session.execute(select(DocumentLink.id).where(
        DocumentLink.document_id == document_id, DocumentLink.record_kind == PEGAWAI,
        DocumentLink.record_id == record_id)).first()
    if exists is None:
        uow.session.add(DocumentLink(document_id=document_id, record_kind=PEGAWAI, record_id=record_id,
                                     role=role or "sk", note=note, created_by=uow.actor.user_id))
        uow.session.flush()
    document_changed(uow.session, document_id)
    doc = uow.session.get(Document, document_id)
    if doc is not None and doc.text:
        ex = extract(doc.text)
        proposals.propose(uow, record_id, document_id, doc.text, sk_nomor=ex.nomor_surat, sk_tanggal=ex.tanggal_surat)
    return Changes.of(PEGAWAI, record_id)
