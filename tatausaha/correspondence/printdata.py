"""Map correspondence records onto the printing dataclasses (``tatausaha.printing.data``).

``letter_doc(uow, surat_keluar_id)``, ``disposition_sheet(uow, disposisi_id)``,
``blank_disposition_sheet(uow, surat_masuk_id)`` and ``register_doc(uow, kind, year, month)``
return plain frozen dataclasses; the printing builders turn them into PDFs. The kop is built
from the office profile without the logo unless a ``store`` is given (the print CLI replaces it
with the full kop anyway). Permissions (and rahasia rules) are those of the read services.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from sqlalchemy import select

from tatausaha import clock, recordref
from tatausaha.correspondence import letters, registers, rincian
from tatausaha.correspondence.common import DERAJAT_LABELS, KEAMANAN_LABELS
from tatausaha.correspondence.disposisi import list_instruksi
from tatausaha.correspondence.kinds import DISPOSISI, SURAT_KELUAR, SURAT_MASUK
from tatausaha.correspondence.letters import Names
from tatausaha.errors import NotFound, ValidationFailed
from tatausaha.models.correspondence import Disposisi
from tatausaha.models.office import Official
from tatausaha.printing.data import (
    Diktum,
    DispositionSheet,
    JudulBlock,
    KopSurat,
    LabeledList,
    LetterDoc,
    RegisterColumn,
    RegisterDoc,
    Signer,
    UndanganBlock,
)
from tatausaha.services import audit
from tatausaha.services import office as office_svc
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork


def kop(uow: UnitOfWork, store: Any = None) -> KopSurat:
    if store is not None:
        from tatausaha.services.printed import kop_from_office

        return kop_from_office(uow, store)
    p = office_svc.get_office(uow)
    if p is None:
        return KopSurat(pemerintah="", nama_kantor="")
    return KopSurat(pemerintah=p.pemerintah, nama_kantor=p.nama_kantor, alamat=p.alamat, kode_pos=p.kode_pos,
                    telepon=p.telepon, email=p.email, laman=p.laman, kota=p.kota)


def sifat_label(derajat: str, keamanan: str) -> str:
    """"Biasa", "Segera", "Rahasia", "Sangat Segera, Rahasia" for the Sifat line of a letter."""
    parts = []
    if derajat != "biasa":
        parts.append(DERAJAT_LABELS[derajat])
    if keamanan != "biasa":
        parts.append(KEAMANAN_LABELS[keamanan])
    return ", ".join(parts) or "Biasa"


def signer_of(uow: UnitOfWork, official_id: int | None, *, prefix: str = "", atas_nama: str = "") -> Signer | None:
    if not official_id:
        return None
    o = uow.session.get(Official, official_id)
    if o is None:
        return None
    return Signer(jabatan=o.jabatan, nama=o.nama, nip=o.nip, pangkat=o.pangkat, jabatan_prefix=prefix or None,
                  atas_nama_jabatan=atas_nama)


def _acting_signer(uow: UnitOfWork, keluar_id: int) -> Signer | None:
    """A letter signed by a Plt./Plh. of the signer's post prints "Plh. CAMAT …," above the acting person's own
    name, pangkat and NIP (DOMAIN.md §1.3), not the absent holder's."""
    from tatausaha.models.account import User
    from tatausaha.models.correspondence import SuratKeluar
    from tatausaha.models.office import PenugasanPejabat

    s = uow.session
    k = s.get(SuratKeluar, keluar_id)
    if k is None or not k.ditandatangani_oleh or not k.penandatangan_id or k.ttd_prefix:
        return None
    user = s.get(User, k.ditandatangani_oleh)
    if user is None or user.official_id == k.penandatangan_id:
        return None
    jenis = s.execute(select(PenugasanPejabat.jenis).where(
        PenugasanPejabat.user_id == user.id, PenugasanPejabat.official_id == k.penandatangan_id
    ).order_by(PenugasanPejabat.id.desc())).scalar()
    post, own = s.get(Official, k.penandatangan_id), s.get(Official, user.official_id) if user.official_id else None
    if jenis is None or post is None:
        return None
    return Signer(jabatan=post.jabatan, nama=own.nama if own else user.full_name, nip=own.nip if own else None,
                  pangkat=own.pangkat if own else "", jabatan_prefix=jenis)


_UND_KEYS = {
    "hari": "tanggal", "hari/tanggal": "tanggal", "hari, tanggal": "tanggal", "tanggal": "tanggal",
    "waktu": "waktu", "pukul": "waktu", "jam": "waktu", "tempat": "tempat", "acara": "acara", "agenda": "acara",
}


def _undangan(isi_paragraphs: list[str]) -> tuple[UndanganBlock | None, list[str]]:
    """Find "Hari/tanggal : …", "Waktu : …", "Tempat : …", "Acara : …" lines in the body."""
    from tatausaha.correspondence.importer import parse_tanggal

    found: dict[str, str] = {}
    rest: list[str] = []
    for para in isi_paragraphs:
        kept = []
        for line in para.splitlines():
            m = re.match(r"^\s*([A-Za-z/, ]+?)\s*:\s*(.+)$", line)
            key = _UND_KEYS.get(m.group(1).strip().lower()) if m else None
            if key and key not in found:
                found[key] = m.group(2).strip()  # type: ignore[union-attr]
            else:
                kept.append(line)
        if any(x.strip() for x in kept):
            rest.append("\n".join(kept).strip())
    if "tanggal" not in found:
        return None, isi_paragraphs
    try:
        tanggal = parse_tanggal(found["tanggal"].split(",")[-1].strip())
    except ValueError:
        return None, isi_paragraphs
    if tanggal is None:
        return None, isi_paragraphs
    return UndanganBlock(tanggal=tanggal, waktu=found.get("waktu", ""), tempat=found.get("tempat", ""),
                         acara=found.get("acara", "")), rest


def letter_doc(uow: UnitOfWork, surat_keluar_id: int, store: Any = None) -> LetterDoc:
    d = letters.get_keluar(uow, surat_keluar_id)
    k = kop(uow, store)
    body = [p.strip() for p in re.split(r"\n\s*\n", d.isi) if p.strip()]
    layout: Literal["korespondensi", "judul", "undangan"] = (
        d.layout if d.layout in ("korespondensi", "judul", "undangan") else "korespondensi"  # type: ignore[assignment]
    )
    undangan = None
    judul = None
    extra = d.rincian or {}
    if layout == "undangan" and extra.get("jenis") == rincian.UNDANGAN and extra.get("tanggal"):
        # the fields entered in the form for this jenis
        undangan = UndanganBlock(
            tanggal=dt.date.fromisoformat(extra["tanggal"]), waktu=extra.get("waktu", ""), tempat=extra.get("tempat", ""),
            acara=extra.get("acara", ""),
            tanggal_sampai=dt.date.fromisoformat(extra["tanggal_sampai"]) if extra.get("tanggal_sampai") else None)
    elif layout == "undangan":
        undangan, body = _undangan(body)  # an older letter: "Hari/tanggal : …" lines in its body
        if undangan is None:
            layout = "korespondensi"
    if layout == "judul":
        prof = office_svc.get_office(uow)
        pimpinan = prof.jabatan_pimpinan if prof else "CAMAT"
        if d.jenis_kode == "KEP":
            judul = JudulBlock(title=f"KEPUTUSAN {pimpinan}".upper(), tentang=d.hal.upper(), rahmat=True,
                               pejabat=f"{pimpinan},".upper(), decree_word="MEMUTUSKAN", ditetapkan=True)
        elif extra.get("jenis") == rincian.SURAT_TUGAS:
            people = list(extra.get("kepada") or [])
            kepada = [
                Diktum((f"{i}. " if len(people) > 1 else "") + rincian.person_line(p), "Kepada" if i == 1 else " ")
                for i, p in enumerate(people, 1)
            ]
            judul = JudulBlock(
                title=d.jenis_nama.upper(),
                considerations=(LabeledList("Dasar", tuple(extra.get("dasar") or ()),
                                            "alpha" if len(extra.get("dasar") or ()) > 1 else "none"),),
                decree_word="MEMERINTAHKAN", diktum=(*kepada, Diktum(str(extra.get("untuk", "")), "Untuk")),
            )
        else:
            judul = JudulBlock(title=d.jenis_nama.upper(), tentang=d.hal.upper() if d.jenis_kode in ("SE", "BA") else "")
    signer = _acting_signer(uow, d.id) or signer_of(uow, d.penandatangan_id, prefix=d.ttd_prefix,
                                                    atas_nama=d.atas_nama_jabatan)
    return LetterDoc(
        kop=k, nomor=d.nomor, tanggal=d.tanggal_surat, layout=layout, hal=d.hal, sifat=sifat_label(d.derajat, d.keamanan),
        lampiran=d.lampiran or "-", tempat=k.kota, tujuan=tuple(t.strip() for t in d.tujuan.splitlines() if t.strip()),
        tujuan_di=d.tujuan_di, body=tuple(body), undangan=undangan, judul=judul, signer=signer, tembusan=d.tembusan,
        record_ref=recordref.encode(SURAT_KELUAR, d.id),
        watermark="KONSEP" if d.status == "draft" else ("BATAL" if d.status == "batal" else None),
        audit_anchor=_audit_anchor(uow) if d.jenis_kode == "BA" else None,
    )


def _audit_anchor(uow: UnitOfWork) -> str | None:
    """The trail's head for the foot of a register or berita acara (an anchor kept on paper)."""
    head = audit.current_anchor(uow.session)
    return head.text if head is not None else None


def _sheet_common(uow: UnitOfWork, m: letters.SuratMasukDetail, store: Any) -> dict[str, Any]:
    s = uow.session
    sifat = []
    if m.derajat != "biasa":
        sifat.append(DERAJAT_LABELS[m.derajat])
    if m.keamanan in ("rahasia", "sangat_rahasia"):
        sifat.append("Rahasia")
    if not sifat:
        sifat.append("Biasa")
    options = tuple(o.jabatan for o in s.execute(
        select(Official).where(Official.active.is_(True), Official.can_sign.is_(True)).order_by(Official.id)
    ).scalars())
    return dict(
        kop=kop(uow, store), surat_dari=m.pengirim, nomor_surat=m.nomor_surat, tanggal_surat=m.tanggal_surat,
        perihal=m.perihal, diterima_tanggal=m.tanggal_terima, nomor_agenda=m.agenda, sifat=tuple(sifat),
        diteruskan_options=options, instruksi_options=tuple(list_instruksi(uow)), kode_klasifikasi=m.kode_klasifikasi,
    )


def disposition_sheet(uow: UnitOfWork, disposisi_id: int, store: Any = None) -> DispositionSheet:
    """The lembar disposisi of one hop; recipients given in the same act (same giver, parent, minute) are ticked together."""
    uow.require(Permission.READ)
    s = uow.session
    d = s.get(Disposisi, disposisi_id)
    if d is None:
        raise NotFound(f"Disposisi #{disposisi_id} tidak ditemukan.")
    m = letters.get_masuk(uow, d.surat_masuk_id)  # checks the rahasia rules
    names = Names(s)
    siblings = [
        x for x in s.execute(
            select(Disposisi).where(Disposisi.surat_masuk_id == d.surat_masuk_id, Disposisi.parent_id.is_(None)
                                    if d.parent_id is None else Disposisi.parent_id == d.parent_id)
        ).scalars()
        if x.dari_official_id == d.dari_official_id and x.dari_user_id == d.dari_user_id
        and abs((x.tanggal - d.tanggal).total_seconds()) < 120
    ] or [d]
    kepada = []
    for x in siblings:
        kepada.append(names.jabatan(x.kepada_official_id) if x.kepada_official_id else names.kepada(x))
    common = _sheet_common(uow, m, store)
    return DispositionSheet(
        **common, diteruskan_kepada=tuple(kepada), instruksi=tuple(d.instruksi or ()), catatan=d.catatan,
        batas_waktu=d.batas_waktu, penanda=signer_of(uow, d.dari_official_id), paraf_tanggal=clock.office_date(d.tanggal),
        record_ref=recordref.encode(DISPOSISI, d.id),
    )


def blank_disposition_sheet(uow: UnitOfWork, surat_masuk_id: int, store: Any = None) -> DispositionSheet:
    """A lembar disposisi to attach to the paper letter before the pimpinan has disposed it (filled by hand)."""
    m = letters.get_masuk(uow, surat_masuk_id)
    s = uow.session
    camat = s.execute(select(Official).where(Official.can_sign.is_(True)).order_by(Official.id)).scalars().first()
    return DispositionSheet(
        **_sheet_common(uow, m, store), penanda=signer_of(uow, camat.id) if camat else None,
        record_ref=recordref.encode(SURAT_MASUK, m.id),
    )


_KIND_ALIASES = {"masuk": "agenda_masuk", "keluar": "agenda_keluar", "ekspedisi": "ekspedisi",
                 "agenda_masuk": "agenda_masuk", "agenda_keluar": "agenda_keluar"}


#: how a register column wraps on paper: letter numbers only after "/", short values never
_WRAP: dict[str, Literal["words", "slash", "whole"]] = {
    "nomor": "slash", "nomor_surat": "slash", "no": "whole", "tanggal_terima": "whole", "tanggal_surat": "whole",
    "tanggal_kirim": "whole", "kode": "whole", "lampiran": "whole", "diterima": "whole",
}


def register_doc(uow: UnitOfWork, kind: str, year: int, month: int | None = None, store: Any = None) -> RegisterDoc:
    """A register for a year or a month: kind ``masuk`` | ``keluar`` | ``ekspedisi``."""
    k = _KIND_ALIASES.get(kind)
    if k is None:
        raise ValidationFailed(f"Register '{kind}' tidak dikenal (masuk, keluar, ekspedisi).")
    reg = registers.build(uow, k, registers.period_filter(year, month))
    prof = office_svc.get_office(uow)
    s = uow.session
    kasubag = s.execute(
        select(Official).where(Official.active.is_(True), Official.jabatan.ilike("%Subbagian Umum%"))
    ).scalars().first()
    signer = None
    if kasubag is not None:
        signer = Signer(jabatan=kasubag.jabatan, nama=kasubag.nama, nip=kasubag.nip, pangkat=kasubag.pangkat,
                        keterangan="Mengetahui,")
    return RegisterDoc(
        title=reg.title, period=reg.period,
        columns=tuple(RegisterColumn(c.title, c.width, c.align, _WRAP.get(c.key, "words")) for c in reg.columns),
        rows=reg.rows, kop=kop(uow, store), signer=signer, tempat=prof.kota if prof else "",
        tanggal=clock.today(), audit_anchor=_audit_anchor(uow),
    )


__all__ = ["blank_disposition_sheet", "disposition_sheet", "kop", "letter_doc", "register_doc", "sifat_label",
           "signer_of"]
