"""Demo data for the scan folder: a registered scan folder, a few scans waiting in the Kotak
Pindai (with suggestions), one signed letter filed by its QR code, one file in quarantine."""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import select

from tatausaha import recordref
from tatausaha.ingest import testing as T
from tatausaha.ingest.config import FolderSpec, IngestConfig, save_folder
from tatausaha.ingest.service import IngestService

DEMO_FOLDER = "pindai"


def demo_fill(ctx: Any, uow: Any, rng: random.Random) -> dict[str, int]:
    """Runs the real pipeline on generated files. The pipeline writes in its own units of work, so
    it runs before ``uow`` is used (an open write transaction here would block it on SQLite)."""
    from tatausaha.models.correspondence import SuratKeluar, SuratMasuk

    folder = ctx.paths.home / DEMO_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    with ctx.reader() as r:
        masuk = r.session.execute(select(SuratMasuk).order_by(SuratMasuk.id.desc()).limit(1)).scalar_one_or_none()
        keluar = r.session.execute(select(SuratKeluar.id).where(SuratKeluar.nomor != "")
                                   .order_by(SuratKeluar.id.desc()).limit(1)).scalar_one_or_none()
        hint = (masuk.pengirim, masuk.perihal, masuk.nomor_surat) if masuk is not None else None

    if hint is not None:  # the same letter again (e.g. a second copy by e-mail): suggested, not filed
        pengirim, perihal, nomor = hint
        (folder / "email-lampiran.pdf").write_bytes(T.letter_pdf(
            None, nomor=(nomor or "005/1/2024") + "-A", hal=perihal or "Undangan",
            pengirim=("PEMERINTAH KOTA BEKASI", (pengirim or "DINAS").upper())))
    (folder / "SCAN_0007.pdf").write_bytes(T.letter_pdf(
        None, nomor="800/212/BKPSDM/2024", hal="Pendataan Ulang Pegawai Non ASN",
        pengirim=("PEMERINTAH KOTA BEKASI", "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA")))
    (folder / "SCAN_0008.pdf").write_bytes(T.concat_pdfs([
        T.letter_pdf(None, nomor="440/87/Dinkes/2024", hal="Pelaksanaan Bulan Imunisasi Anak Sekolah",
                     pengirim=("PEMERINTAH KOTA BEKASI", "DINAS KESEHATAN")),
        T.tiny_pdf("Lampiran: jadwal pelaksanaan BIAS per kelurahan"),
    ]))
    (folder / "foto-undangan.jpg").write_bytes(T.scannerize(
        T.letter_pdf(None, nomor="005/31/Kel.JTS/2024", hal="Undangan Musyawarah Kelurahan",
                     pengirim=("PEMERINTAH KOTA BEKASI", "KELURAHAN JATISAMPURNA")), rng))
    if keluar is not None:  # the signed copy of an outgoing letter: filed on it by its QR code
        (folder / "SCAN_0009.jpg").write_bytes(T.scannerize(T.letter_pdf(recordref.encode("surat_keluar", keluar)), rng))
    (folder / "SCAN_0010.pdf").write_bytes(T.tiny_pdf("terpotong")[:300])  # an interrupted copy: quarantined

    config = IngestConfig(quiet_seconds=0.0, rescan_seconds=0, ocr_enabled=True, ocr_max_pages=1)
    counts = IngestService(ctx, [FolderSpec(folder)], config).run_once(timeout=300)
    save_folder(uow, folder, label="Folder pindai contoh")
    return {"filed": counts.filed, "review": counts.review, "quarantined": counts.quarantined}
