"""Surat masuk and surat keluar: register, draft, number, send, cancel, list (paged), show.

Everything returns plain DTOs. Rahasia / sangat rahasia letters are shown only to their
disposition chain, the clerk who registered them and SEE_SECRET holders: lists and registers
show such a row *masked* (agenda number and date only, so the agenda has no unexplained gaps),
``get_masuk`` / ``get_keluar`` refuse with PermissionDenied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from tatausaha import clock, visibility
from tatausaha.changes import Changes
from tatausaha.correspondence import approval_rules, numbering, rincian, searchhook
from tatausaha.correspondence import instansi as instansi_svc
from tatausaha.correspondence.common import (
    MASKED,
    check_derajat,
    check_kanal,
    check_keamanan,
    fold,
    is_secret,
    keluar_visible_clause,
    masuk_visible_clause,
    norm_nomor,
)
from tatausaha.correspondence.letter_lists import (  # the lists, re-exported: callers keep letters.X
    SORT_KELUAR as SORT_KELUAR,
)
from tatausaha.correspondence.letter_lists import (
    SORT_MASUK as SORT_MASUK,
)
from tatausaha.correspondence.letter_lists import (
    _keluar_query,
    _masuk_query,
    _row_keluar,
    _row_masuk,
)
from tatausaha.correspondence.letter_lists import (
    count_keluar as count_keluar,
)
from tatausaha.correspondence.letter_lists import (
    count_masuk as count_masuk,
)
from tatausaha.correspondence.letter_lists import (
    list_keluar as list_keluar,
)
from tatausaha.correspondence.letter_lists import (
    list_letters as list_letters,
)
from tatausaha.correspondence.letter_lists import (
    list_masuk as list_masuk,
)
from tatausaha.correspondence.letter_types import (  # the DTOs, re-exported: callers keep letters.X
    KELUAR as KELUAR,
)
from tatausaha.correspondence.letter_types import (
    MASUK as MASUK,
)
from tatausaha.correspondence.letter_types import (
    AttachmentInfo as AttachmentInfo,
)
from tatausaha.correspondence.letter_types import (
    DisposisiNode as DisposisiNode,
)
from tatausaha.correspondence.letter_types import (
    DuplicateHit as DuplicateHit,
)
from tatausaha.correspondence.letter_types import (
    LetterFilter as LetterFilter,
)
from tatausaha.correspondence.letter_types import (
    LetterRow as LetterRow,
)
from tatausaha.correspondence.letter_types import (
    Saved as Saved,
)
from tatausaha.correspondence.letter_types import (
    SuratKeluarDetail as SuratKeluarDetail,
)
from tatausaha.correspondence.letter_types import (
    SuratKeluarInput as SuratKeluarInput,
)
from tatausaha.correspondence.letter_types import (
    SuratMasukDetail as SuratMasukDetail,
)
from tatausaha.correspondence.letter_types import (
    SuratMasukInput as SuratMasukInput,
)
from tatausaha.correspondence.letter_types import (
    TimelineEntry as TimelineEntry,
)
from tatausaha.errors import NotFound, PermissionDenied, ValidationFailed
from tatausaha.models.account import User
from tatausaha.models.correspondence import (
    TTD_PREFIX,
    Disposisi,
    JenisNaskah,
    NomorTerbit,
    SuratKeluar,
    SuratMasuk,
)
from tatausaha.models.document import Document, DocumentLink
from tatausaha.models.klasifikasi import SCHEME_LAMA, SCHEME_PMDN83, Klasifikasi
from tatausaha.models.office import Official, Unit
from tatausaha.services import documents, versioning
from tatausaha.services.auth import Permission
from tatausaha.services.uow import UnitOfWork
from tatausaha.storage.archive import ArchiveStore

_R = TypeVar("_R", SuratMasuk, SuratKeluar)

# --------------------------------------------------------------------------- helpers


#: how a changed column is named in an edit conflict ("Data ini telah diubah oleh … : Perihal: «…» → «…»")
FIELD_LABELS = {
    "tanggal_terima": "Tanggal terima", "nomor_surat": "Nomor surat", "tanggal_surat": "Tanggal surat",
    "instansi_id": "Instansi", "pengirim": "Pengirim", "ditujukan": "Ditujukan kepada", "perihal": "Perihal",
    "ringkasan": "Ringkasan", "derajat": "Derajat", "keamanan": "Klasifikasi keamanan",
    "kode_klasifikasi": "Kode klasifikasi", "lampiran": "Lampiran", "kanal": "Diterima lewat",
    "srikandi_ref": "Ref. SRIKANDI", "keterangan": "Keterangan", "lokasi_arsip": "Lokasi arsip", "status": "Status",
    "batal_alasan": "Alasan batal", "hal": "Hal", "isi": "Isi", "tujuan": "Tujuan", "tujuan_di": "di",
    "tembusan": "Tembusan", "jenis_id": "Jenis naskah", "unit_id": "Unit", "penandatangan_id": "Penandatangan",
    "ttd_prefix": "a.n./u.b.", "atas_nama_jabatan": "Atas nama jabatan", "reply_to_id": "Membalas surat",
    "tahap": "Tahap persetujuan", "nomor": "Nomor", "rincian": "Rincian", "cara_kirim": "Cara kirim",
    "tanggal_kirim": "Tanggal kirim", "penerima_nama": "Penerima",
}


def _today() -> dt.date:
    return clock.today()


def check_kode(session: Session, kode: str, scheme: str = SCHEME_PMDN83) -> str:
    kode = kode.strip()
    if not kode:
        return ""
    if scheme not in (SCHEME_PMDN83, SCHEME_LAMA):
        raise ValidationFailed(f"Skema klasifikasi '{scheme}' tidak dikenal.", field="kode_klasifikasi")
    found = session.execute(
        select(Klasifikasi.id).where(Klasifikasi.scheme == scheme, Klasifikasi.kode == kode)
    ).first()
    if found is None:
        which = "Permendagri 83/2022" if scheme == SCHEME_PMDN83 else "skema lama"
        raise ValidationFailed(f"Kode klasifikasi '{kode}' tidak ada dalam daftar {which}.", field="kode_klasifikasi")
    return kode


def kode_nama(session: Session, kode: str, scheme: str) -> str:
    if not kode:
        return ""
    row = session.execute(
        select(Klasifikasi.nama_lengkap, Klasifikasi.nama).where(Klasifikasi.scheme == scheme, Klasifikasi.kode == kode)
    ).first()
    return (row[0] or row[1]) if row else ""


def _validate_masuk(session: Session, data: SuratMasukInput, *, strict_kode: bool = True) -> SuratMasukInput:
    problems: list[str] = []
    if data.tanggal_terima is None:
        problems.append("tanggal terima wajib diisi")
    elif data.tanggal_terima > _today() + dt.timedelta(days=1):
        problems.append(f"tanggal terima {data.tanggal_terima:%d-%m-%Y} ada di masa depan")
    if not data.pengirim.strip() and data.instansi_id is None:
        problems.append("pengirim wajib diisi")
    if not data.perihal.strip():
        problems.append("perihal wajib diisi")
    if data.tanggal_surat and data.tanggal_terima and data.tanggal_surat > data.tanggal_terima:
        problems.append(
            f"tanggal surat {data.tanggal_surat:%d-%m-%Y} sesudah tanggal terima {data.tanggal_terima:%d-%m-%Y}"
        )
    if problems:
        raise ValidationFailed("Surat masuk belum dapat disimpan: " + "; ".join(problems) + ".")
    kode = check_kode(session, data.kode_klasifikasi, data.klasifikasi_scheme) if strict_kode else data.kode_klasifikasi.strip()
    return replace(
        data, derajat=check_derajat(data.derajat), keamanan=check_keamanan(data.keamanan), kanal=check_kanal(data.kanal),
        kode_klasifikasi=kode, pengirim=" ".join(data.pengirim.split()), nomor_surat=" ".join(data.nomor_surat.split()),
        perihal=data.perihal.strip(),
    )


def _require_visible(uow: UnitOfWork, model: Any, row: Any, clause: Any, what: str, who: str) -> None:
    """Refuse a rahasia letter to anyone outside ``clause`` (the letter's chain) without SEE_SECRET."""
    if not is_secret(row.keamanan) or uow.actor.can(Permission.SEE_SECRET):
        return
    if uow.session.execute(select(model.id).where(model.id == row.id, clause)).first() is None:
        raise PermissionDenied(
            f"{what} berklasifikasi {row.keamanan.replace('_', ' ')}: hanya dapat dibuka oleh pimpinan, {who}."
        )


def _require_visible_masuk(uow: UnitOfWork, m: SuratMasuk) -> None:
    _require_visible(uow, SuratMasuk, m, masuk_visible_clause(uow.actor), f"Surat masuk {m.nomor_agenda}/{m.tahun}",
                     "pencatatnya, dan penerima disposisinya")


def _require_visible_keluar(uow: UnitOfWork, k: SuratKeluar) -> None:
    _require_visible(uow, SuratKeluar, k, keluar_visible_clause(uow.actor), f"Surat keluar {k.nomor or '#' + str(k.id)}",
                     "pembuatnya, dan penandatangannya")


def _get_row(session: Session, model: type[_R], record_id: int, what: str) -> _R:
    row = session.get(model, record_id)
    if row is None:
        raise NotFound(f"{what} #{record_id} tidak ditemukan.")
    return row


def _open_masuk(uow: UnitOfWork, masuk_id: int, need: Permission) -> SuratMasuk:
    """The surat masuk, once the actor holds ``need`` and may see it (rahasia letters)."""
    uow.require(need)
    m = _masuk_row(uow.session, masuk_id)
    _require_visible_masuk(uow, m)
    return m


def _open_keluar(uow: UnitOfWork, keluar_id: int, need: Permission) -> SuratKeluar:
    """The surat keluar, once the actor holds ``need`` and may see it (rahasia letters)."""
    uow.require(need)
    k = _keluar_row(uow.session, keluar_id)
    _require_visible_keluar(uow, k)
    return k


def _alasan(alasan: str) -> str:
    alasan = alasan.strip()
    if not alasan:
        raise ValidationFailed("Alasan pembatalan wajib diisi.", field="alasan")
    return alasan


def _masuk_row(session: Session, masuk_id: int) -> SuratMasuk:
    return _get_row(session, SuratMasuk, masuk_id, "Surat masuk")


def _keluar_row(session: Session, keluar_id: int) -> SuratKeluar:
    return _get_row(session, SuratKeluar, keluar_id, "Surat keluar")


def _attachments(uow: UnitOfWork, kind: str, record_id: int) -> tuple[AttachmentInfo, ...]:
    links = documents.list_links(uow, kind, record_id)
    files = {
        i: (pages, size) for i, pages, size in uow.session.execute(
            select(Document.id, Document.page_count, Document.size).where(Document.id.in_([x.document_id for x in links]))
        )
    }
    return tuple(AttachmentInfo(**asdict(x), page_count=files[x.document_id][0], size=files[x.document_id][1]) for x in links)


def attach_files(
    uow: UnitOfWork, store: ArchiveStore, kind: str, record_id: int, files: Sequence[Path], *, role: str = "scan"
) -> Changes:
    """Archive ``files`` (once per content) and link them to the record."""
    uow.require(Permission.WRITE)
    if kind == "surat_masuk":
        _require_visible_masuk(uow, _masuk_row(uow.session, record_id))
    elif kind == "surat_keluar":
        _require_visible_keluar(uow, _keluar_row(uow.session, record_id))
    changes = Changes.of(kind, record_id)
    for f in files:
        # link_document re-indexes the scan with its letter's keamanan and ACL, in this transaction
        info = documents.add_document(uow, store, Path(f))
        changes = changes.merge(documents.link_document(uow, info.id, kind, record_id, role=role))
    if kind == "surat_masuk":
        searchhook.index_masuk(uow.session, record_id)
    return changes


# --------------------------------------------------------------------------- duplicates


def check_duplicates(
    uow: UnitOfWork,
    *,
    pengirim: str = "",
    nomor_surat: str = "",
    instansi_id: int | None = None,
    sha256s: Sequence[str] = (),
    exclude_id: int | None = None,
) -> list[DuplicateHit]:
    """Letters that look like the one about to be saved: same sender and letter number, or the same file."""
    uow.require(Permission.READ)
    s = uow.session
    hits: dict[int, DuplicateHit] = {}
    nomor_n = norm_nomor(nomor_surat)
    if nomor_n and nomor_n not in ("-", "0"):
        if instansi_id is None and pengirim.strip():
            inst = instansi_svc.lookup(s, pengirim)
            instansi_id = inst.id if inst else None
        sender_conds: list[Any] = []
        if instansi_id is not None:
            sender_conds.append(SuratMasuk.instansi_id == instansi_id)
        if pengirim.strip():
            sender_conds.append(func.lower(SuratMasuk.pengirim) == " ".join(pengirim.split()).lower())
        if sender_conds:
            q = select(SuratMasuk).where(or_(*sender_conds), SuratMasuk.status != "batal")
            q = q.where(func.upper(func.replace(SuratMasuk.nomor_surat, " ", "")) == nomor_n)
            for m in s.execute(q.limit(20)).scalars():
                if m.id != exclude_id:
                    hits[m.id] = _dup(m, f"pengirim dan nomor surat sama ({m.nomor_surat})")
    if sha256s:
        q2 = (
            select(SuratMasuk, Document.original_name)
            .join(DocumentLink, and_(DocumentLink.record_kind == "surat_masuk", DocumentLink.record_id == SuratMasuk.id))
            .join(Document, Document.id == DocumentLink.document_id)
            .where(Document.sha256.in_(list(sha256s)))
        )
        for m, name in s.execute(q2.limit(20)).all():
            if m.id != exclude_id and m.id not in hits:
                hits[m.id] = _dup(m, f"berkas pindaian yang sama ({name}) sudah terlampir")
    out = list(hits.values())
    # a secret letter is named only to those who may see it
    if not uow.actor.can(Permission.SEE_SECRET):
        visible = set(
            s.execute(select(SuratMasuk.id).where(SuratMasuk.id.in_([h.id for h in out]), masuk_visible_clause(uow.actor))).scalars()
        )
        out = [h if h.id in visible else replace(h, pengirim=MASKED, perihal=MASKED) for h in out]
    return out


def _dup(m: SuratMasuk, reason: str) -> DuplicateHit:
    return DuplicateHit(m.id, f"{m.nomor_agenda}/{m.tahun}", m.tanggal_terima, m.pengirim, m.nomor_surat, m.perihal,
                        f"Kemungkinan surat ganda: agenda {m.nomor_agenda}/{m.tahun} — {reason}.")


# --------------------------------------------------------------------------- surat masuk: write


def register_masuk(
    uow: UnitOfWork,
    data: SuratMasukInput,
    *,
    store: ArchiveStore | None = None,
    scans: Sequence[Path] = (),
    strict_kode: bool = True,
) -> Saved:
    """Register an incoming letter: it gets the next agenda number of its year (never reused)."""
    uow.require(Permission.WRITE)
    s = uow.session
    data = _validate_masuk(s, data, strict_kode=strict_kode)
    inst = s.get(instansi_svc.Instansi, data.instansi_id) if data.instansi_id else instansi_svc.get_or_create(s, data.pengirim)
    if data.instansi_id and inst is None:
        raise NotFound(f"Instansi {data.instansi_id} tidak ditemukan.")
    tahun = data.tanggal_terima.year
    agenda = numbering.next_value(s, numbering.agenda_scope(MASUK, tahun), tahun)
    m = SuratMasuk(tahun=tahun, nomor_agenda=agenda, created_by=uow.actor.user_id)
    _apply_masuk(m, data, inst)
    s.add(m)
    s.flush()
    changes = Changes.of("surat_masuk", m.id)
    if scans:
        if store is None:
            raise ValueError("store is required to attach scans")
        changes = changes.merge(attach_files(uow, store, "surat_masuk", m.id, scans))
    searchhook.index_masuk(s, m.id)
    return Saved(m.id, agenda, tahun, changes)


def _apply_masuk(m: SuratMasuk, data: SuratMasukInput, inst: Any) -> None:
    m.tanggal_terima = data.tanggal_terima
    m.nomor_surat = data.nomor_surat
    m.tanggal_surat = data.tanggal_surat
    m.instansi_id = inst.id if inst is not None else None
    m.pengirim = data.pengirim or (inst.nama if inst is not None else "")
    m.ditujukan = data.ditujukan.strip()
    m.perihal = data.perihal
    m.ringkasan = data.ringkasan.strip()
    m.derajat, m.keamanan, m.kanal = data.derajat, data.keamanan, data.kanal
    m.kode_klasifikasi, m.klasifikasi_scheme = data.kode_klasifikasi, data.klasifikasi_scheme
    m.lampiran = data.lampiran.strip()
    m.srikandi_ref = data.srikandi_ref.strip()
    m.keterangan = data.keterangan.strip()
    m.lokasi_arsip = data.lokasi_arsip.strip()


def update_masuk(uow: UnitOfWork, masuk_id: int, data: SuratMasukInput) -> Saved:
    s = uow.session
    m = _open_masuk(uow, masuk_id, Permission.WRITE)
    versioning.check(s, m, data.row_version, labels=FIELD_LABELS)
    if m.status == "batal":
        raise ValidationFailed(f"Surat masuk {m.nomor_agenda}/{m.tahun} sudah dibatalkan dan tidak dapat diubah.")
    data = _validate_masuk(s, data, strict_kode=data.kode_klasifikasi != m.kode_klasifikasi)
    if data.tanggal_terima.year != m.tahun:
        raise ValidationFailed(
            f"Tanggal terima harus tetap di tahun {m.tahun}: nomor agenda {m.nomor_agenda}/{m.tahun} berlaku per tahun. "
            "Batalkan surat ini dan catat ulang bila tahunnya salah."
        )
    inst = s.get(instansi_svc.Instansi, data.instansi_id) if data.instansi_id else instansi_svc.get_or_create(s, data.pengirim)
    _apply_masuk(m, data, inst)
    s.flush()
    searchhook.index_masuk(s, m.id, with_disposisi=True)
    return Saved(m.id, m.nomor_agenda, m.tahun, Changes.of("surat_masuk", m.id))


def cancel_masuk(uow: UnitOfWork, masuk_id: int, alasan: str) -> Saved:
    """A wrongly registered letter is cancelled, never deleted: its agenda number stays explained."""
    m = _open_masuk(uow, masuk_id, Permission.WRITE)
    alasan = _alasan(alasan)
    m.status, m.batal_alasan = "batal", alasan
    uow.session.flush()
    searchhook.index_masuk(uow.session, m.id)
    return Saved(m.id, m.nomor_agenda, m.tahun, Changes.of("surat_masuk", m.id))


# --------------------------------------------------------------------------- names


class Names:
    """Display names of users, officials and units, loaded once per call."""

    def __init__(self, session: Session) -> None:
        self.users = dict(session.execute(select(User.id, User.full_name)).all())
        self.officials = {i: (n, j) for i, n, j in session.execute(select(Official.id, Official.nama, Official.jabatan))}
        self.units = dict(session.execute(select(Unit.id, Unit.nama)).all())

    def user(self, uid: int | None) -> str:
        return self.users.get(uid or 0, "") if uid else ""

    def official(self, oid: int | None) -> str:
        if not oid or oid not in self.officials:
            return ""
        n, j = self.officials[oid]
        return f"{j} ({n})"

    def jabatan(self, oid: int | None) -> str:
        return self.officials[oid][1] if oid and oid in self.officials else ""

    def dari(self, d: Disposisi) -> str:
        return self.official(d.dari_official_id) or self.user(d.dari_user_id) or "—"

    def kepada(self, d: Disposisi) -> str:
        if d.kepada_official_id:
            return self.official(d.kepada_official_id)
        if d.kepada_user_id:
            return self.user(d.kepada_user_id)
        return self.units.get(d.kepada_unit_id or 0, "—")


def _today_overdue(d: Disposisi, today: dt.date) -> bool:
    return d.batas_waktu is not None and d.status != "selesai" and d.batas_waktu < today


def disposisi_nodes(session: Session, masuk_id: int, names: Names | None = None) -> tuple[DisposisiNode, ...]:
    """The disposition tree of a letter, depth-first (parent before children), oldest first per level."""
    names = names or Names(session)
    rows = list(session.execute(
        select(Disposisi).where(Disposisi.surat_masuk_id == masuk_id).order_by(Disposisi.tanggal, Disposisi.id)
    ).scalars())
    children: dict[int | None, list[Disposisi]] = {}
    for d in rows:
        children.setdefault(d.parent_id, []).append(d)
    today = _today()
    out: list[DisposisiNode] = []

    def node(d: Disposisi, depth: int) -> DisposisiNode:
        return DisposisiNode(
            d.id, d.parent_id, depth, names.dari(d), names.kepada(d), d.kepada_user_id, d.kepada_official_id,
            d.kepada_unit_id, tuple(d.instruksi or ()), d.catatan, d.batas_waktu, d.derajat, d.status, d.tanggal,
            d.dibaca_at, d.ditindaklanjuti_at, d.selesai_at, d.tindak_lanjut, _today_overdue(d, today),
        )

    def walk(parent: int | None, depth: int) -> None:
        for d in children.get(parent, []):
            out.append(node(d, depth))
            walk(d.id, depth + 1)

    walk(None, 0)
    known = {n.id for n in out}
    for d in rows:  # orphans (parent deleted): still shown
        if d.id not in known:
            out.append(node(d, 0))
    return tuple(out)


# --------------------------------------------------------------------------- surat masuk: read


def get_masuk(uow: UnitOfWork, masuk_id: int) -> SuratMasukDetail:
    """The whole letter: fields, scans, disposition tree, replies, and its history as a timeline."""
    s = uow.session
    m = _open_masuk(uow, masuk_id, Permission.READ)
    names = Names(s)
    nodes = disposisi_nodes(s, m.id, names)
    atts = _attachments(uow, "surat_masuk", m.id)
    reply_rows = [
        _row_keluar(r) for r in s.execute(
            _keluar_query(uow, LetterFilter()).where(SuratKeluar.reply_to_id == m.id).order_by(SuratKeluar.id)
        )
    ]
    timeline: list[TimelineEntry] = [
        TimelineEntry(m.created_at, names.user(m.created_by) or "—",
                      f"Dicatat dengan nomor agenda {m.nomor_agenda}/{m.tahun} (diterima {m.tanggal_terima:%d-%m-%Y})")
    ]
    for a in atts:
        link = s.get(DocumentLink, a.link_id)
        if link is not None:
            timeline.append(TimelineEntry(link.created_at, names.user(link.created_by) or "—",
                                          f"Dilampirkan {a.original_name} ({a.role})"))
    for n in nodes:
        timeline.append(TimelineEntry(n.tanggal, n.dari, f"Disposisi kepada {n.kepada}: {', '.join(n.instruksi) or '-'}"
                                      + (f" — batas {n.batas_waktu:%d-%m-%Y}" if n.batas_waktu else "")))
        if n.dibaca_at:
            timeline.append(TimelineEntry(n.dibaca_at, n.kepada, "Disposisi dibaca"))
        if n.ditindaklanjuti_at:
            timeline.append(TimelineEntry(n.ditindaklanjuti_at, n.kepada, "Ditindaklanjuti"
                                          + (f": {n.tindak_lanjut}" if n.tindak_lanjut else "")))
        if n.selesai_at:
            timeline.append(TimelineEntry(n.selesai_at, n.kepada, "Disposisi selesai"))
    # an entry derived from another record follows that record's visibility (the one rule)
    secret_replies = visibility.hidden(s, uow.actor, [("surat_keluar", r.id) for r in reply_rows])
    for r in reply_rows:
        k = s.get(SuratKeluar, r.id)
        if k is not None:
            hal = MASKED if ("surat_keluar", k.id) in secret_replies else k.hal
            timeline.append(TimelineEntry(k.created_at, names.user(k.created_by) or "—",
                                          f"Balasan disusun: {hal}" + (f" (nomor {k.nomor})" if k.nomor else "")))
    if m.status == "batal":
        timeline.append(TimelineEntry(m.updated_at, "—", f"Dibatalkan: {m.batal_alasan}"))
    timeline.sort(key=lambda t: t.when)
    return SuratMasukDetail(
        m.id, m.tahun, m.nomor_agenda, m.tanggal_terima, m.nomor_surat, m.tanggal_surat, m.instansi_id, m.pengirim,
        m.ditujukan, m.perihal, m.ringkasan, m.derajat, m.keamanan, m.kode_klasifikasi, m.klasifikasi_scheme,
        kode_nama(s, m.kode_klasifikasi, m.klasifikasi_scheme), m.lampiran, m.kanal, m.srikandi_ref, m.status,
        m.keterangan, m.lokasi_arsip, m.batal_alasan, names.user(m.created_by), m.created_at, atts, nodes,
        tuple(reply_rows), tuple(timeline), m.row_version,
    )


def find_masuk_for_reply(uow: UnitOfWork, text: str, *, limit: int = 10) -> list[LetterRow]:
    """The reply picker: surat masuk whose perihal, pengirim or nomor hold every word typed (or whose agenda
    is "12/2026"), newest first. Only letters the actor may see; cancelled ones are left out."""
    uow.require(Permission.READ)
    words = [w for w in text.replace(",", " ").split() if w.strip()]
    if not words:
        return []
    flt = LetterFilter(include_batal=False)
    visible = masuk_visible_clause(uow.actor)
    q = _masuk_query(uow, flt).where(visible, SuratMasuk.status != "batal")
    agenda = words[0].split("/") if len(words) == 1 else []
    if len(agenda) == 2 and all(p.isdigit() for p in agenda):
        q = q.where(SuratMasuk.nomor_agenda == int(agenda[0]), SuratMasuk.tahun == int(agenda[1]))
    else:
        for w in words:
            like = f"%{w}%"
            q = q.where(or_(SuratMasuk.perihal.ilike(like), SuratMasuk.pengirim.ilike(like),
                            SuratMasuk.nomor_surat.ilike(like)))
    q = q.order_by(SuratMasuk.tanggal_terima.desc(), SuratMasuk.id.desc()).limit(limit)
    return [_row_masuk(r) for r in uow.session.execute(q)]


def find_masuk_by_agenda(uow: UnitOfWork, tahun: int, nomor_agenda: int) -> int | None:
    uow.require(Permission.READ)
    return uow.session.execute(
        select(SuratMasuk.id).where(SuratMasuk.tahun == tahun, SuratMasuk.nomor_agenda == nomor_agenda)
    ).scalar()


# --------------------------------------------------------------------------- surat keluar


def _validate_keluar(session: Session, data: SuratKeluarInput) -> tuple[SuratKeluarInput, JenisNaskah]:
    jenis = numbering._jenis_row(session, data.jenis)
    problems = []
    if not data.hal.strip():
        problems.append("hal (perihal) wajib diisi")
    if jenis.layout in ("korespondensi", "undangan") and not data.tujuan.strip() and data.instansi_id is None:
        problems.append("tujuan surat wajib diisi")
    if data.ttd_prefix not in TTD_PREFIX:
        problems.append(f"keterangan penandatangan '{data.ttd_prefix}' tidak dikenal (a.n., u.b., Plt., Plh., Pj.)")
    if data.ttd_prefix in ("a.n.", "u.b.") and not data.atas_nama_jabatan.strip():
        problems.append(f"'{data.ttd_prefix}' butuh jabatan yang diwakili (mis. CAMAT JATISAMPURNA)")
    if data.penandatangan_id is not None:
        o = session.get(Official, data.penandatangan_id)
        if o is None:
            problems.append(f"penandatangan {data.penandatangan_id} tidak ditemukan")
        elif not o.can_sign:
            problems.append(f"{o.nama} ({o.jabatan}) tidak terdaftar sebagai penandatangan")
    if data.reply_to_id is not None and session.get(SuratMasuk, data.reply_to_id) is None:
        problems.append(f"surat masuk #{data.reply_to_id} yang dibalas tidak ditemukan")
    if problems:
        raise ValidationFailed("Surat keluar belum dapat disimpan: " + "; ".join(problems) + ".")
    kode = check_kode(session, data.kode_klasifikasi or jenis.kode_klasifikasi_default, data.klasifikasi_scheme)
    extra = rincian.validate(rincian.kind_of(jenis.kode, jenis.layout, jenis.nama), data.rincian)
    tembusan = tuple(t.strip() for t in data.tembusan if t.strip())
    data = replace(data, derajat=check_derajat(data.derajat), keamanan=check_keamanan(data.keamanan),
                   kanal=check_kanal(data.kanal), kode_klasifikasi=kode, tembusan=tembusan, hal=data.hal.strip(),
                   rincian=extra)
    return data, jenis


def _apply_keluar(k: SuratKeluar, data: SuratKeluarInput, jenis: JenisNaskah, session: Session) -> None:
    inst = session.get(instansi_svc.Instansi, data.instansi_id) if data.instansi_id else None
    first_line = data.tujuan.strip().splitlines()[0] if data.tujuan.strip() else ""
    if inst is None and first_line:
        inst = instansi_svc.lookup(session, first_line)
    k.jenis_id = jenis.id
    k.hal, k.tujuan, k.tujuan_di = data.hal, data.tujuan.strip() or (inst.nama if inst else ""), data.tujuan_di.strip()
    k.instansi_id = inst.id if inst else None
    k.tembusan = list(data.tembusan)
    k.lampiran, k.isi = data.lampiran.strip(), data.isi.strip()
    k.derajat, k.keamanan, k.kanal = data.derajat, data.keamanan, data.kanal
    k.kode_klasifikasi, k.klasifikasi_scheme = data.kode_klasifikasi, data.klasifikasi_scheme
    k.unit_id, k.penandatangan_id = data.unit_id, data.penandatangan_id
    k.ttd_prefix, k.atas_nama_jabatan = data.ttd_prefix, data.atas_nama_jabatan.strip()
    k.reply_to_id, k.srikandi_ref, k.keterangan = data.reply_to_id, data.srikandi_ref.strip(), data.keterangan.strip()
    k.rincian = dict(data.rincian) if data.rincian else None


def _reindex_keluar(s: Session, k: SuratKeluar) -> Saved:
    """Flush a changed surat keluar and refresh its search entry; returns what the caller saved."""
    s.flush()
    searchhook.index_keluar(s, k.id)
    return Saved(k.id, k.nomor_agenda, k.tahun, Changes.of("surat_keluar", k.id))


def create_keluar(uow: UnitOfWork, data: SuratKeluarInput) -> Saved:
    """A new draft (konsep). It gets its number with ``give_number`` when signed."""
    uow.require(Permission.WRITE)
    s = uow.session
    data, jenis = _validate_keluar(s, data)
    k = SuratKeluar(status="draft", created_by=uow.actor.user_id, tanggal_surat=data.tanggal_surat)
    _apply_keluar(k, data, jenis, s)
    s.add(k)
    return _reindex_keluar(s, k)


def update_keluar(uow: UnitOfWork, keluar_id: int, data: SuratKeluarInput) -> Saved:
    s = uow.session
    k = _open_keluar(uow, keluar_id, Permission.WRITE)
    versioning.check(s, k, data.row_version, labels=FIELD_LABELS)
    if k.status == "batal":
        raise ValidationFailed("Surat keluar yang dibatalkan tidak dapat diubah.")
    approval_rules.require_editable(s, k)
    data, jenis = _validate_keluar(s, data)
    if k.status != "draft":
        locked = []
        if jenis.id != k.jenis_id:
            locked.append("jenis naskah")
        if data.kode_klasifikasi != k.kode_klasifikasi:
            locked.append("kode klasifikasi")
        if data.tanggal_surat is not None and data.tanggal_surat != k.tanggal_surat:
            locked.append("tanggal surat")
        if locked:
            raise ValidationFailed(
                f"Surat {k.nomor} sudah bernomor: {', '.join(locked)} tidak dapat diubah lagi. "
                "Batalkan nomornya dan minta nomor baru bila perlu."
            )
    else:
        k.tanggal_surat = data.tanggal_surat
    _apply_keluar(k, data, jenis, s)
    if k.status == "draft" and s.is_modified(k):
        approval_rules.reset_after_edit(s, k)
    return _reindex_keluar(s, k)


def give_number(uow: UnitOfWork, keluar_id: int, *, tanggal: dt.date | None = None) -> numbering.NumberInfo:
    """Number a draft: the next number of its jenis naskah (atomic), dated ``tanggal`` (default today)."""
    s = uow.session
    k = _draft_to_number(uow, keluar_id)
    approval_rules.require_ready_for_number(s, k)
    tanggal = tanggal or k.tanggal_surat or _today()
    info = numbering.allocate(uow, k.jenis_id, tanggal=tanggal, kka=k.kode_klasifikasi, unit_id=k.unit_id,
                              keamanan=k.keamanan, surat_keluar_id=k.id)
    _set_numbered(s, k, info.nomor, tanggal)
    return info


def record_external_number(
    uow: UnitOfWork, keluar_id: int, nomor: str, *, tanggal: dt.date, srikandi_ref: str = "", sumber: str = "srikandi"
) -> numbering.NumberInfo:
    """The letter was numbered in SRIKANDI (or by hand): record that number; clashes are refused."""
    s = uow.session
    k = _draft_to_number(uow, keluar_id)
    info = numbering.record_manual(uow, nomor, tanggal=tanggal, jenis=k.jenis_id, sumber=sumber,
                                   srikandi_ref=srikandi_ref, kka=k.kode_klasifikasi, surat_keluar_id=k.id)
    if sumber == "srikandi":
        k.kanal = "srikandi"
        k.srikandi_ref = srikandi_ref or k.srikandi_ref
    _set_numbered(s, k, info.nomor, tanggal)
    return info


def _draft_to_number(uow: UnitOfWork, keluar_id: int) -> SuratKeluar:
    """The draft about to get its number; a numbered letter is refused."""
    k = _open_keluar(uow, keluar_id, Permission.WRITE)
    if k.status != "draft":
        raise ValidationFailed(f"Surat keluar #{k.id} sudah bernomor ({k.nomor}).")
    return k


def _set_numbered(s: Session, k: SuratKeluar, nomor: str, tanggal: dt.date) -> None:
    k.nomor, k.tanggal_surat, k.tahun, k.status = nomor, tanggal, tanggal.year, "bernomor"
    k.nomor_agenda = numbering.next_value(s, numbering.agenda_scope(KELUAR, tanggal.year), tanggal.year)
    s.flush()
    searchhook.index_keluar(s, k.id)
    if k.reply_to_id is not None:
        _close_by_reply(s, k)


def _close_by_reply(s: Session, k: SuratKeluar) -> None:
    """The numbered reply closes the circle of the letter it answers: the letter is *selesai*, and every
    open hop of its disposition says it was answered (kartu kendali: the matter is done)."""
    m = s.get(SuratMasuk, k.reply_to_id)
    if m is None or m.status == "batal":
        return
    now = clock.utcnow()
    note = f"Selesai: dibalas dengan surat nomor {k.nomor}."
    hops = []
    for d in s.execute(select(Disposisi).where(Disposisi.surat_masuk_id == m.id, Disposisi.status != "selesai")).scalars():
        d.dibaca_at = d.dibaca_at or now
        d.status, d.selesai_at = "selesai", now
        d.tindak_lanjut = f"{d.tindak_lanjut}\n{note}" if d.tindak_lanjut else note
        hops.append(d.id)
    m.status = "selesai"
    s.flush()
    searchhook.index_masuk(s, m.id)
    if hops:
        searchhook.index_disposisi(s, hops)


def mark_sent(
    uow: UnitOfWork, keluar_id: int, *, tanggal_kirim: dt.date | None = None, cara_kirim: str = "",
    penerima_nama: str = "", diterima_at: dt.datetime | None = None,
) -> Saved:
    """Record the dispatch (Buku Ekspedisi): when, how, and who received it."""
    s = uow.session
    k = _open_keluar(uow, keluar_id, Permission.WRITE)
    if k.status not in ("bernomor", "terkirim"):
        raise ValidationFailed("Hanya surat yang sudah bernomor yang dapat dikirim." if k.status == "draft"
                               else "Surat keluar yang dibatalkan tidak dapat dikirim.")
    tanggal_kirim = tanggal_kirim or _today()
    if k.tanggal_surat and tanggal_kirim < k.tanggal_surat:
        raise ValidationFailed(f"Tanggal kirim {tanggal_kirim:%d-%m-%Y} sebelum tanggal surat {k.tanggal_surat:%d-%m-%Y}.")
    k.status, k.tanggal_kirim = "terkirim", tanggal_kirim
    k.cara_kirim, k.penerima_nama, k.diterima_at = cara_kirim.strip(), penerima_nama.strip(), diterima_at
    return _reindex_keluar(s, k)


def cancel_keluar(uow: UnitOfWork, keluar_id: int, alasan: str) -> Saved:
    """Cancel a letter; its number (if any) stays in the register as *batal* with the reason."""
    s = uow.session
    k = _open_keluar(uow, keluar_id, Permission.WRITE)
    alasan = _alasan(alasan)
    if k.status == "batal":
        raise ValidationFailed("Surat keluar ini sudah dibatalkan.")
    for n in s.execute(select(NomorTerbit).where(NomorTerbit.surat_keluar_id == k.id, NomorTerbit.status == "aktif")).scalars():
        numbering.cancel(uow, n.id, alasan)
    k.status, k.batal_alasan = "batal", alasan
    return _reindex_keluar(s, k)


def get_keluar(uow: UnitOfWork, keluar_id: int) -> SuratKeluarDetail:
    s = uow.session
    k = _open_keluar(uow, keluar_id, Permission.READ)
    names = Names(s)
    jenis = s.get(JenisNaskah, k.jenis_id)
    reply = ""
    if k.reply_to_id:
        m = s.get(SuratMasuk, k.reply_to_id)
        if m is not None and visibility.hidden(s, uow.actor, [("surat_masuk", m.id)]):
            reply = f"Agenda {m.nomor_agenda}/{m.tahun}: {MASKED}"
        elif m is not None:
            reply = f"Agenda {m.nomor_agenda}/{m.tahun}: {m.nomor_surat} — {m.perihal}"
    nums = [
        numbering._ninfo(n, jenis.kode if jenis else "")
        for n in s.execute(select(NomorTerbit).where(NomorTerbit.surat_keluar_id == k.id).order_by(NomorTerbit.id)).scalars()
    ]
    return SuratKeluarDetail(
        k.id, jenis.kode if jenis else "", jenis.nama if jenis else "", jenis.layout if jenis else "korespondensi",
        k.tahun, k.nomor_agenda, k.nomor, k.tanggal_surat, k.instansi_id, k.tujuan, k.tujuan_di, tuple(k.tembusan or ()),
        k.lampiran, k.hal, k.isi, k.derajat, k.keamanan, k.kode_klasifikasi, k.klasifikasi_scheme, k.unit_id,
        k.penandatangan_id, names.official(k.penandatangan_id), k.ttd_prefix, k.atas_nama_jabatan, k.reply_to_id, reply,
        k.kanal, k.srikandi_ref, k.status, k.tanggal_kirim, k.cara_kirim, k.penerima_nama, k.diterima_at, k.keterangan,
        k.batal_alasan, names.user(k.created_by), k.created_at, _attachments(uow, "surat_keluar", k.id), tuple(nums),
        k.tahap, dict(k.rincian) if k.rincian else None, k.row_version,
    )


# --------------------------------------------------------------------------- references "M-12" / "K-5"


def parse_ref(text: str, default: str = MASUK) -> tuple[str, int]:
    """``M-12`` / ``m12`` / ``masuk:12`` → ("masuk", 12); ``K-5`` → ("keluar", 5); ``12`` → (default, 12)."""
    t = text.strip().lower().replace(":", "-").replace(" ", "")
    arah = default
    for prefix, a in (("masuk-", MASUK), ("keluar-", KELUAR), ("m-", MASUK), ("k-", KELUAR), ("m", MASUK), ("k", KELUAR)):
        if t.startswith(prefix):
            arah, t = a, t[len(prefix):]
            break
    if not t.isdigit():
        raise ValidationFailed(f"Rujukan surat '{text}' tidak dikenal: pakai mis. M-12 (surat masuk) atau K-5 (keluar).")
    return arah, int(t)


__all__ = [
    "KELUAR", "MASUK", "AttachmentInfo", "DisposisiNode", "DuplicateHit", "LetterFilter", "LetterRow", "Names", "Saved",
    "SuratKeluarDetail", "SuratKeluarInput", "SuratMasukDetail", "SuratMasukInput", "TimelineEntry", "attach_files",
    "cancel_keluar", "cancel_masuk", "check_duplicates", "count_keluar", "count_masuk", "create_keluar",
    "disposisi_nodes", "fold", "get_keluar", "get_masuk", "give_number", "list_keluar", "list_letters", "list_masuk",
    "mark_sent", "parse_ref", "record_external_number", "register_masuk", "update_keluar", "update_masuk",
]
