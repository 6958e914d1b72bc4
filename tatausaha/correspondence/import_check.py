"""The dry run of a buku agenda import: every row checked, every problem named by row and column.

Checks each row on its own (dates, required fields, sifat/keamanan/kanal, classification code,
agenda number, duplicates within the file) and then against the database (agenda numbers and
letters already registered). Nothing is written here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from tatausaha import clock
from tatausaha.correspondence.common import check_derajat, check_kanal, check_keamanan, fold, norm_nomor
from tatausaha.correspondence.import_fields import FIELDS_KELUAR, FIELDS_MASUK, REQUIRED_KELUAR, REQUIRED_MASUK
from tatausaha.errors import ValidationFailed
from tatausaha.idparse import parse_tanggal
from tatausaha.jobs import CancelToken, Progress
from tatausaha.models.correspondence import JenisNaskah, NomorTerbit, SuratKeluar, SuratMasuk
from tatausaha.models.klasifikasi import SCHEME_LAMA, SCHEME_PMDN83, Klasifikasi
from tatausaha.services.uow import UnitOfWork
from tatausaha.sheets.reading import RawTable
from tatausaha.sheets.reading import cell_empty as _cell_empty
from tatausaha.sheets.report import CheckedImport, RowProblem


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, dt.datetime | dt.date):
        return v.strftime("%d-%m-%Y")
    return " ".join(str(v).split())


class _Kodes:
    def __init__(self, uow: UnitOfWork) -> None:
        self.pmdn = set(uow.session.execute(select(Klasifikasi.kode).where(Klasifikasi.scheme == SCHEME_PMDN83)).scalars())
        self.lama = set(uow.session.execute(select(Klasifikasi.kode).where(Klasifikasi.scheme == SCHEME_LAMA)).scalars())

    def scheme(self, kode: str) -> str | None:
        if kode in self.pmdn:
            return SCHEME_PMDN83
        if kode in self.lama:
            return SCHEME_LAMA
        return None


def _sifat_split(derajat_raw: str, keamanan_raw: str) -> tuple[str, str]:
    """Old registers often have one 'Sifat' column mixing urgency and security: split them."""
    d, k = derajat_raw, keamanan_raw
    fd = fold(d)
    if fd in ("rahasia", "sangat rahasia", "terbatas") and not k:
        return "", d
    return d, k


def validate_rows(uow: UnitOfWork, table: RawTable, mapping: dict[str, str], arah: str, report: CheckedImport,
                   cancel: CancelToken | None, progress: Progress) -> list[dict[str, Any]]:
    fields = FIELDS_MASUK if arah == "masuk" else FIELDS_KELUAR
    required = REQUIRED_MASUK if arah == "masuk" else REQUIRED_KELUAR
    col_of = {f: table.headers.index(h) for h, f in mapping.items() if h in table.headers}
    header_of = {f: h for h, f in mapping.items()}
    missing = [fields[f] for f in required if f not in col_of]
    if missing:
        raise ValidationFailed(f"Kolom wajib tidak ada di berkas (atau belum dipetakan): {', '.join(missing)}.")
    kodes = _Kodes(uow)
    s = uow.session
    jenis_map = {k.upper(): i for i, k in s.execute(select(JenisNaskah.id, JenisNaskah.kode)).all()}
    jenis_map.update({fold(n): i for i, n in s.execute(select(JenisNaskah.id, JenisNaskah.nama)).all()})
    good: list[dict[str, Any]] = []
    seen_agenda: dict[tuple[int, int], int] = {}
    seen_letter: dict[tuple[str, str], int] = {}
    n_total = len(table.rows)
    for i, raw in enumerate(table.rows):
        if cancel is not None and i % 500 == 0:
            cancel.raise_if_cancelled()
        if i % 1000 == 0:
            progress.report(i, n_total, "Memeriksa baris")
        rownum = table.header_row + 1 + i
        if all(_cell_empty(v) for v in raw):
            continue
        report.rows += 1
        problems: list[RowProblem] = []

        def cell(f: str, raw: tuple[Any, ...] = raw) -> Any:
            j = col_of.get(f)
            return raw[j] if j is not None and j < len(raw) else None

        def bad(f: str, msg: str, rownum: int = rownum, problems: list[RowProblem] = problems) -> None:
            problems.append(RowProblem(rownum, header_of.get(f, fields.get(f, f)), msg))

        rec: dict[str, Any] = {"_row": rownum}
        for f in fields:
            if f.startswith("tanggal"):
                try:
                    rec[f] = parse_tanggal(cell(f))
                except ValueError as exc:
                    bad(f, str(exc))
                    rec[f] = None
            else:
                rec[f] = _text(cell(f))
        for f in required:
            if rec.get(f) in (None, "") and not any(p.column == header_of.get(f) for p in problems):
                bad(f, f"{fields[f]} kosong")
        d_raw, k_raw = _sifat_split(rec.get("derajat", ""), rec.get("keamanan", ""))
        try:
            rec["derajat"] = check_derajat(d_raw)
        except ValidationFailed:
            bad("derajat", f"sifat '{d_raw}' tidak dikenal (Biasa, Segera, Sangat Segera)")
        try:
            rec["keamanan"] = check_keamanan(k_raw)
        except ValidationFailed:
            bad("keamanan", f"klasifikasi keamanan '{k_raw}' tidak dikenal (Biasa, Terbatas, Rahasia, Sangat Rahasia)")
        try:
            rec["kanal"] = check_kanal(rec.get("kanal") or ("srikandi" if rec.get("srikandi_ref") else ""))
        except ValidationFailed:
            bad("kanal", f"kanal '{rec.get('kanal')}' tidak dikenal (Manual, SRIKANDI, Pos-el)")
        kode = rec.get("kode_klasifikasi", "")
        rec["klasifikasi_scheme"] = SCHEME_PMDN83
        if kode:
            sch = kodes.scheme(kode)
            if sch is None:
                bad("kode_klasifikasi", f"kode klasifikasi '{kode}' tidak ada di daftar Permendagri 83/2022 "
                                        "maupun skema lama")
            else:
                rec["klasifikasi_scheme"] = sch
        if rec.get("nomor_agenda"):
            try:
                rec["nomor_agenda"] = int(str(rec["nomor_agenda"]).strip().rstrip("."))
                if rec["nomor_agenda"] <= 0:
                    raise ValueError
            except ValueError:
                bad("nomor_agenda", f"nomor agenda '{rec['nomor_agenda']}' bukan bilangan bulat positif")
                rec["nomor_agenda"] = None
        else:
            rec["nomor_agenda"] = None
        today = clock.today()
        if arah == "masuk":
            tt, ts = rec.get("tanggal_terima"), rec.get("tanggal_surat")
            if tt and tt > today:
                bad("tanggal_terima", f"tanggal terima {tt:%d-%m-%Y} di masa depan")
            if tt and ts and ts > tt:
                bad("tanggal_surat", f"tanggal surat {ts:%d-%m-%Y} sesudah tanggal terima {tt:%d-%m-%Y}")
            year = tt.year if tt else None
            key_letter = (fold(rec.get("pengirim", "")), norm_nomor(rec.get("nomor_surat", "")))
            if key_letter[1] and key_letter[1] not in ("-", "0"):
                if key_letter in seen_letter:
                    bad("nomor_surat", f"surat yang sama (pengirim dan nomor) sudah ada di baris {seen_letter[key_letter]}")
                else:
                    seen_letter[key_letter] = rownum
        else:
            ts = rec.get("tanggal_surat")
            year = ts.year if ts else None
            if ts and ts > today:
                bad("tanggal_surat", f"tanggal surat {ts:%d-%m-%Y} di masa depan")
            tk = rec.get("tanggal_kirim")
            if tk and ts and tk < ts:
                bad("tanggal_kirim", f"tanggal kirim {tk:%d-%m-%Y} sebelum tanggal surat {ts:%d-%m-%Y}")
            j = rec.get("jenis") or "SD"
            jid = jenis_map.get(j.upper()) or jenis_map.get(fold(j))
            if jid is None:
                bad("jenis", f"jenis naskah '{j}' tidak dikenal")
            rec["jenis_id"] = jid
            nomor_key = (str(year), norm_nomor(rec.get("nomor", "")))
            if nomor_key[1]:
                if nomor_key in seen_letter:
                    bad("nomor", f"nomor surat yang sama sudah ada di baris {seen_letter[nomor_key]}")
                else:
                    seen_letter[nomor_key] = rownum
        if rec.get("nomor_agenda") and year:
            ka = (year, rec["nomor_agenda"])
            if ka in seen_agenda:
                bad("nomor_agenda", f"nomor agenda {ka[1]}/{ka[0]} dipakai juga di baris {seen_agenda[ka]}")
            else:
                seen_agenda[ka] = rownum
        rec["_year"] = year
        if problems:
            report.problems.extend(problems)
        else:
            good.append(rec)
    check_against_db(uow, good, arah, report, header_of, fields)
    bad_rows = set(report.bad_rows)
    final = [g for g in good if g["_row"] not in bad_rows]
    report.valid = len(final)
    return final


def check_against_db(uow: UnitOfWork, recs: list[dict[str, Any]], arah: str, report: CheckedImport,
                      header_of: dict[str, str], fields: dict[str, str]) -> None:
    """Agenda numbers and letters that are already in the database."""
    s = uow.session
    years = sorted({r["_year"] for r in recs if r["_year"]})
    if not years:
        return
    if arah == "masuk":
        taken: set[tuple[Any, ...]] = {
            tuple(r) for r in s.execute(select(SuratMasuk.tahun, SuratMasuk.nomor_agenda).where(SuratMasuk.tahun.in_(years)))
        }
        existing: dict[tuple[str, str], str] = {}
        for peng, nomor, ag, th in s.execute(
            select(SuratMasuk.pengirim, SuratMasuk.nomor_surat, SuratMasuk.nomor_agenda, SuratMasuk.tahun)
            .where(SuratMasuk.tahun.in_([y - 1 for y in years] + years), SuratMasuk.status != "batal")
        ):
            existing[(fold(peng), norm_nomor(nomor))] = f"{ag}/{th}"
        for r in recs:
            ka = (r["_year"], r["nomor_agenda"])
            if r["nomor_agenda"] and tuple(ka) in taken:
                report.problems.append(RowProblem(r["_row"], header_of.get("nomor_agenda", "No. agenda"),
                                                  f"nomor agenda {ka[1]}/{ka[0]} sudah dipakai di aplikasi"))
            kl = (fold(r["pengirim"]), norm_nomor(r["nomor_surat"]))
            if kl[1] and kl[1] not in ("-", "0") and kl in existing:
                report.problems.append(RowProblem(r["_row"], header_of.get("nomor_surat", "Nomor surat"),
                                                  f"surat ini sudah tercatat (agenda {existing[kl]})"))
    else:
        taken = {
            tuple(r) for r in s.execute(select(SuratKeluar.tahun, SuratKeluar.nomor_agenda).where(SuratKeluar.tahun.in_(years)))
        }
        issued = set(s.execute(select(NomorTerbit.tahun, NomorTerbit.nomor).where(NomorTerbit.tahun.in_(years))).all())
        for r in recs:
            if r["nomor_agenda"] and (r["_year"], r["nomor_agenda"]) in taken:
                report.problems.append(RowProblem(r["_row"], header_of.get("nomor_agenda", "No. urut"),
                                                  f"nomor urut {r['nomor_agenda']}/{r['_year']} sudah dipakai di aplikasi"))
            if (r["_year"], " ".join(r["nomor"].split())) in issued:
                report.problems.append(RowProblem(r["_row"], header_of.get("nomor", "Nomor surat"),
                                                  f"nomor {r['nomor']} sudah tercatat di register nomor"))
    report.problems.sort(key=lambda p: p.row)
