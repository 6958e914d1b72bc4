"""Demo data for the scan folder: a registered scan folder, a few scans waiting in the Kotak
Pindai (with suggestions), one signed letter filed by its QR code, one file in quarantine."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from tatausaha.ingest import testing as T
from tatausaha.ingest.config import FolderSpec, IngestConfig, save_folder
from tatausaha.ingest.service import IngestService

DEMO_FOLDER = "pindai"


def demo_folder(ctx: Any) -> Path:
    """The demo's scan folder (areas drop their own scans here before the scan-folder demo runs)."""
    folder = ctx.paths.home / DEMO_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def demo_fill(ctx: Any, uow: Any, rng: random.Random) -> dict[str, int]:
    """Runs the real pipeline on generated files (and on what the areas' demos put in the folder).
    The pipeline writes in its own units of work, so it runs before ``uow`` is used (an open write
    transaction here would block it on SQLite)."""
    folder = demo_folder(ctx)
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
    (folder / "SCAN_0010.pdf").write_bytes(T.tiny_pdf("terpotong")[:300])  # an interrupted copy: quarantined

    config = IngestConfig(quiet_seconds=0.0, rescan_seconds=0, ocr_enabled=True, ocr_max_pages=1)
    counts = IngestService(ctx, [FolderSpec(folder)], config).run_once(timeout=300)
    save_folder(uow, folder, label="Folder pindai contoh")
    return {"filed": counts.filed, "review": counts.review, "quarantined": counts.quarantined}
