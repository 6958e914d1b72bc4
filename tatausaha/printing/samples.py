"""Sample documents (Kecamatan Jatisampurna, Kota Bekasi) for docs pictures, tests and benchmarks.

The people, numbers and addresses are made up.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from decimal import Decimal

from tatausaha import recordref
from tatausaha.printing.data import (
    Diktum,
    DispositionSheet,
    JudulBlock,
    KopSurat,
    KwitansiDoc,
    LabeledList,
    LetterDoc,
    RegisterColumn,
    RegisterDoc,
    SeparatorSheet,
    Signer,
    UndanganBlock,
)


@functools.lru_cache(maxsize=4)
def sample_logo_png(width: int = 600, height: int = 700) -> bytes:
    """A transparent RGBA PNG shield (stands in for the lambang daerah; the costly kind of logo)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    w, h = width, height
    shield = [
        (w * 0.08, h * 0.06),
        (w * 0.92, h * 0.06),
        (w * 0.92, h * 0.55),
        (w * 0.5, h * 0.95),
        (w * 0.08, h * 0.55),
    ]
    d.polygon(shield, fill=(18, 92, 52, 255), outline=(200, 160, 20, 255), width=max(2, w // 40))
    d.ellipse([w * 0.28, h * 0.18, w * 0.72, h * 0.56], fill=(240, 200, 40, 255))
    d.rectangle([w * 0.46, h * 0.3, w * 0.54, h * 0.78], fill=(250, 250, 250, 235))
    d.polygon([(w * 0.3, h * 0.62), (w * 0.7, h * 0.62), (w * 0.5, h * 0.86)], fill=(180, 30, 30, 220))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def sample_kop(logo: bool = True) -> KopSurat:
    return KopSurat(
        pemerintah="PEMERINTAH KOTA BEKASI",
        nama_kantor="KECAMATAN JATISAMPURNA",
        alamat="Jalan Raya Hankam Nomor 1, Jatisampurna, Bekasi",
        kode_pos="17433",
        telepon="(021) 8459 0000",
        email="kec.jatisampurna@bekasikota.go.id",
        laman="jatisampurna.bekasikota.go.id",
        kota="Bekasi",
        logo=sample_logo_png() if logo else None,
    )


CAMAT = Signer(
    jabatan="CAMAT JATISAMPURNA",
    nama="Drs. H. AHMAD SURYADI, M.Si.",
    pangkat="Pembina Tingkat I",
    nip="197203141993031004",
)
SEKCAM_AN = Signer(
    jabatan="Sekretaris Kecamatan",
    nama="RINA MARLIANA, S.Sos., M.M.",
    pangkat="Pembina",
    nip="197805222005012009",
    jabatan_prefix="a.n.",
    atas_nama_jabatan="CAMAT JATISAMPURNA",
)

_BODY = (
    "Sehubungan dengan pelaksanaan program penataan arsip dinamis di lingkungan Pemerintah Kota Bekasi "
    "tahun anggaran 2026, dengan ini kami sampaikan bahwa Kecamatan Jatisampurna akan melaksanakan "
    "pembinaan kearsipan bagi seluruh kelurahan di wilayah kerja kecamatan.",
    "Berkenaan dengan hal tersebut, kami mohon Saudara menugaskan satu orang pengelola arsip dan satu "
    "orang operator persuratan untuk mengikuti kegiatan dimaksud dengan membawa daftar arsip aktif, "
    "buku agenda surat masuk dan surat keluar tahun 2025, serta contoh lembar disposisi yang digunakan.",
    "Demikian kami sampaikan, atas perhatian dan kerja sama Saudara diucapkan terima kasih.",
)


def sample_letter(logo: bool = True, record_id: int = 42) -> LetterDoc:
    return LetterDoc(
        kop=sample_kop(logo),
        nomor="000.5.2/123/Kec.Jts/II/2026",
        tanggal=dt.date(2026, 2, 9),
        layout="korespondensi",
        sifat="Biasa",
        lampiran="1 (satu) berkas",
        hal="Pembinaan Kearsipan Kelurahan",
        tujuan=("Lurah Jatisampurna, Jatiranggon, Jatiraden,", "Jatikarya, dan Jatirangga"),
        tujuan_di="Bekasi",
        body=_BODY,
        signer=CAMAT,
        tembusan=("Wali Kota Bekasi (sebagai laporan)", "Kepala Dinas Kearsipan Kota Bekasi"),
        record_ref=recordref.encode("surat_keluar", record_id),
    )


def sample_long_letter(paragraphs: int = 14) -> LetterDoc:
    long_body = tuple(f"{i + 1}. " + " ".join([_BODY[i % 2]] * 2) for i in range(paragraphs)) + (_BODY[2],)
    base = sample_letter()
    from dataclasses import replace

    return replace(base, body=long_body, signer=SEKCAM_AN, hal="Laporan Pelaksanaan Pembinaan Kearsipan")


def sample_undangan() -> LetterDoc:
    from dataclasses import replace

    return replace(
        sample_letter(record_id=43),
        layout="undangan",
        nomor="000.1.5/57/Kec.Jts/III/2026",
        tanggal=dt.date(2026, 3, 2),
        sifat="Segera",
        lampiran="-",
        hal="Undangan Rapat Koordinasi Kearsipan",
        body=(
            "Dalam rangka persiapan penilaian kearsipan tingkat kota, kami mengundang Saudara untuk hadir "
            "pada rapat koordinasi yang akan dilaksanakan pada:",
            "Mengingat pentingnya acara dimaksud, kami mohon Saudara hadir tepat waktu.",
            "Demikian undangan ini kami sampaikan, atas kehadiran Saudara diucapkan terima kasih.",
        ),
        undangan=UndanganBlock(
            tanggal=dt.date(2026, 3, 11),
            waktu="09.00 WIB s.d. selesai",
            tempat="Aula Kantor Kecamatan Jatisampurna",
            acara="Rapat Koordinasi Persiapan Penilaian Kearsipan",
        ),
        tembusan=("Sekretaris Daerah Kota Bekasi",),
    )


def sample_keputusan() -> LetterDoc:
    return LetterDoc(
        kop=sample_kop(),
        nomor="800.1.11.1/15/Kec.Jts/2026",
        tanggal=dt.date(2026, 1, 5),
        layout="judul",
        judul=JudulBlock(
            title="KEPUTUSAN CAMAT JATISAMPURNA",
            tentang="Pembentukan Tim Pengelola Arsip Kecamatan Jatisampurna Tahun 2026",
            rahmat=True,
            pejabat="CAMAT JATISAMPURNA",
            considerations=(
                LabeledList(
                    "Menimbang",
                    (
                        "bahwa untuk menjamin keselamatan arsip dinamis di lingkungan Kecamatan Jatisampurna "
                        "perlu dibentuk tim pengelola arsip",
                        "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan "
                        "Keputusan Camat tentang Pembentukan Tim Pengelola Arsip Kecamatan Jatisampurna Tahun 2026",
                    ),
                ),
                LabeledList(
                    "Mengingat",
                    (
                        "Undang-Undang Nomor 43 Tahun 2009 tentang Kearsipan",
                        "Peraturan Pemerintah Nomor 28 Tahun 2012 tentang Pelaksanaan Undang-Undang Nomor 43 "
                        "Tahun 2009 tentang Kearsipan",
                        "Peraturan Menteri Dalam Negeri Nomor 1 Tahun 2023 tentang Tata Naskah Dinas di "
                        "Lingkungan Pemerintah Daerah",
                    ),
                    numbering="number",
                ),
            ),
            decree_word="MEMUTUSKAN",
            menetapkan="KEPUTUSAN CAMAT JATISAMPURNA TENTANG PEMBENTUKAN TIM PENGELOLA ARSIP KECAMATAN "
            "JATISAMPURNA TAHUN 2026.",
            diktum=(
                Diktum(
                    "Membentuk Tim Pengelola Arsip Kecamatan Jatisampurna Tahun 2026 dengan susunan "
                    "sebagaimana tercantum dalam Lampiran yang merupakan bagian tidak terpisahkan dari "
                    "Keputusan ini."
                ),
                Diktum(
                    "Tim sebagaimana dimaksud dalam Diktum KESATU bertugas menata, memelihara dan "
                    "menyusutkan arsip sesuai Jadwal Retensi Arsip."
                ),
                Diktum("Keputusan ini mulai berlaku pada tanggal ditetapkan."),
            ),
            ditetapkan=True,
        ),
        signer=CAMAT,
        tembusan=("Wali Kota Bekasi", "Kepala Dinas Kearsipan Kota Bekasi"),
        record_ref=recordref.encode("surat_keluar", 44),
    )


def sample_surat_tugas() -> LetterDoc:
    return LetterDoc(
        kop=sample_kop(),
        nomor="800.1.11.1/88/Kec.Jts/2026",
        tanggal=dt.date(2026, 4, 14),
        layout="judul",
        judul=JudulBlock(
            title="SURAT TUGAS",
            considerations=(
                LabeledList(
                    "Dasar",
                    (
                        "Surat Kepala Dinas Kearsipan Kota Bekasi Nomor 000.5/211/Disarpus "
                        "tanggal 6 April 2026 perihal Bimbingan Teknis Kearsipan",
                    ),
                ),
            ),
            decree_word="MEMERINTAHKAN",
            diktum=(
                Diktum("DEWI ANGGRAINI, S.A.P., NIP 198904172015032002, Pengadministrasi Perkantoran", "Kepada"),
                Diktum(
                    "Mengikuti Bimbingan Teknis Kearsipan pada tanggal 20 s.d. 22 April 2026 di Aula Dinas "
                    "Kearsipan Kota Bekasi.",
                    "Untuk",
                ),
            ),
        ),
        body=("Demikian surat tugas ini dibuat untuk dilaksanakan dengan penuh tanggung jawab.",),
        signer=CAMAT,
        record_ref=recordref.encode("surat_keluar", 45),
    )


def sample_disposition() -> DispositionSheet:
    return DispositionSheet(
        kop=sample_kop(),
        surat_dari="Dinas Kearsipan dan Perpustakaan Kota Bekasi",
        nomor_surat="000.5/211/Disarpus",
        tanggal_surat=dt.date(2026, 4, 6),
        perihal="Bimbingan Teknis Kearsipan bagi Pengelola Arsip Kecamatan dan Kelurahan",
        diterima_tanggal=dt.date(2026, 4, 8),
        nomor_agenda="0412",
        sifat=("Segera",),
        diteruskan_kepada=("Sekretaris Kecamatan", "Kasubag Umum dan Kepegawaian"),
        diteruskan_options=(
            "Sekretaris Kecamatan",
            "Kasubag Umum dan Kepegawaian",
            "Kasubag Perencanaan dan Keuangan",
            "Kasi Pemerintahan",
            "Kasi Ketenteraman dan Ketertiban Umum",
            "Kasi Pemberdayaan Masyarakat",
        ),
        instruksi=("Untuk diselesaikan", "Hadiri/wakili"),
        catatan="Tugaskan satu orang pengelola arsip; laporkan hasilnya paling lambat satu minggu setelah kegiatan.",
        batas_waktu=dt.date(2026, 4, 17),
        penanda=CAMAT,
        paraf_tanggal=dt.date(2026, 4, 8),
        kode_klasifikasi="000.5",
        record_ref=recordref.encode("disposisi", 7),
    )


REGISTER_MASUK_COLUMNS = (
    RegisterColumn("No. Agenda", 0.8, "CENTER"),
    RegisterColumn("Tgl. Terima", 0.9, "CENTER"),
    RegisterColumn("Nomor Surat", 1.6),
    RegisterColumn("Tgl. Surat", 0.9, "CENTER"),
    RegisterColumn("Pengirim", 2.0),
    RegisterColumn("Perihal / Isi Ringkas", 3.0),
    RegisterColumn("Kode", 0.7, "CENTER"),
    RegisterColumn("Diteruskan kepada", 1.6),
    RegisterColumn("Keterangan", 1.2),
)


def sample_register(rows: int = 60) -> RegisterDoc:
    senders = (
        "Dinas Kearsipan dan Perpustakaan Kota Bekasi",
        "Kelurahan Jatirangga",
        "Sekretariat Daerah Kota Bekasi",
        "Badan Kepegawaian dan Pengembangan SDM",
        "Polsek Jatisampurna",
        "Puskesmas Jatisampurna",
    )
    subjects = (
        "Undangan rapat koordinasi",
        "Permohonan data kependudukan semester I",
        "Laporan kegiatan posyandu bulan Januari",
        "Pemberitahuan jadwal vaksinasi",
        "Penyampaian hasil evaluasi kinerja",
        "Bimbingan teknis kearsipan",
    )
    data = []
    for i in range(rows):
        d = dt.date(2026, 2, 1 + i % 27)
        data.append(
            (
                f"{i + 1:04d}",
                f"{d.day:02d}-02-2026",
                f"{100 + i}/{['UND', 'PEM', 'LAP'][i % 3]}/{i % 12 + 1:02d}/2026",
                f"{max(1, d.day - 2):02d}-02-2026",
                senders[i % len(senders)],
                subjects[i % len(subjects)] + (" di wilayah Kecamatan Jatisampurna" if i % 4 == 0 else ""),
                ["000.1.5", "400.12", "005", "800.1"][i % 4],
                ["Sekcam", "Kasi Pemerintahan", "Kasubag Umum"][i % 3],
                "SRIKANDI" if i % 5 == 0 else "Manual",
            )
        )
    return RegisterDoc(
        title="BUKU AGENDA SURAT MASUK",
        period="Bulan Februari 2026",
        columns=REGISTER_MASUK_COLUMNS,
        rows=tuple(data),
        kop=sample_kop(),
        signer=Signer(
            jabatan="Kepala Subbagian Umum dan Kepegawaian",
            nama="HENDRA GUNAWAN, S.E.",
            pangkat="Penata Tingkat I",
            nip="198311062009011003",
            keterangan="Mengetahui,",
        ),
        tempat="Bekasi",
        tanggal=dt.date(2026, 2, 28),
        record_ref=recordref.encode("register", 202602),
    )


def sample_kwitansi() -> KwitansiDoc:
    return KwitansiDoc(
        nomor="KW/045/Kec.Jts/IV/2026",
        jumlah=Decimal("2950000"),
        dari="Bendahara Pengeluaran Kecamatan Jatisampurna",
        penerima="CV MAJU JAYA ABADI",
        penerima_jabatan="Direktur",
        untuk="Pembayaran pengadaan map arsip, boks arsip dan label untuk penataan arsip dinamis "
        "Kecamatan Jatisampurna Tahun Anggaran 2026",
        tempat="Bekasi",
        tanggal=dt.date(2026, 4, 20),
        kop=sample_kop(),
        tahun_anggaran="2026",
        kode_rekening="5.1.02.01.01.0024",
        signers=(
            Signer(
                jabatan="Pengguna Anggaran",
                nama="Drs. H. AHMAD SURYADI, M.Si.",
                nip="197203141993031004",
                keterangan="Setuju dibayar,",
            ),
            Signer(
                jabatan="Bendahara Pengeluaran",
                nama="SITI NURHALIZA, A.Md.",
                nip="199001012015032003",
                keterangan="Lunas dibayar,",
            ),
        ),
        record_ref=recordref.encode("kwitansi", 45),
    )


def sample_separator() -> SeparatorSheet:
    return SeparatorSheet(
        record_ref=recordref.encode(recordref.SEPARATOR, 1),
        keterangan=("Batch pindai surat masuk", "Kecamatan Jatisampurna"),
    )


def gallery() -> dict[str, tuple[object, object]]:
    """Template name → (builder, sample document), for the pictures in ``docs/img/print_*.png``."""
    from tatausaha.printing import build_disposition, build_kwitansi, build_letter, build_register, build_separator

    return {
        "korespondensi": (build_letter, sample_letter()),
        "undangan": (build_letter, sample_undangan()),
        "keputusan": (build_letter, sample_keputusan()),
        "surat_tugas": (build_letter, sample_surat_tugas()),
        "surat_panjang": (build_letter, sample_long_letter(9)),
        "disposisi": (build_disposition, sample_disposition()),
        "register": (build_register, sample_register(40)),
        "kwitansi": (build_kwitansi, sample_kwitansi()),
        "pemisah": (build_separator, sample_separator()),
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m tatausaha.printing.samples OUT_DIR``: write every sample PDF and a page-1 PNG (60 dpi,
    via ``pdftoppm``) of each as ``print_<template>.png`` (all pages for multi-page samples)."""
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from tatausaha.printing import to_bytes

    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "docs/img")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (builder, doc) in gallery().items():
            pdf = Path(tmp) / f"{name}.pdf"
            pdf.write_bytes(to_bytes(builder, doc))  # type: ignore[arg-type]
            last = ["-l", "2"] if name in ("surat_panjang", "keputusan") else ["-l", "1"]
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", "1", *last, str(pdf), str(Path(tmp) / name)], check=True
            )
            pages = sorted(Path(tmp).glob(f"{name}-*.png"))
            if len(pages) == 1:
                pages[0].replace(out / f"print_{name}.png")
            else:
                for i, p in enumerate(pages, 1):
                    p.replace(out / f"print_{name}_hal{i}.png")
            print(name, [p.name for p in sorted(out.glob(f"print_{name}*.png"))])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
