"""Deterministic generator of realistic Indonesian government records for the search benchmark.

Letters (surat masuk / keluar) with real-looking nomor surat, senders, KKA codes, dates and a
Zipf-distributed government vocabulary (roots plus their affixed derivations), and archived
document texts (letter-like OCR text: kop, nomor, paragraphs, signature block).
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import random
from collections.abc import Iterator
from pathlib import Path

from tatausaha.search.index import SearchRecord

KKA_CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "permendagri83_2022_kka_pemda.csv"

# Most frequent government words first (rank ≈ frequency in correspondence).
CORE = """
permohonan surat kecamatan jatisampurna kota bekasi undangan rapat kegiatan pelaksanaan laporan
pemberitahuan data pegawai kelurahan dinas pemerintah tahun bulan tanggal kepala camat sekretaris
bidang program anggaran pembangunan masyarakat pelayanan koordinasi penyampaian usulan bantuan
sosialisasi pendataan penyusunan evaluasi pengajuan pengiriman penerimaan dokumen berkas arsip
perjalanan dinas tugas cuti tahunan kenaikan pangkat gaji berkala pensiun mutasi pengangkatan
keuangan belanja pertanggungjawaban kuitansi pembayaran pajak retribusi izin usaha perizinan
kependudukan pindah datang kelahiran kematian penduduk keluarga warga musrenbang perencanaan
kebersihan lingkungan sampah banjir bencana keamanan ketertiban pengamanan linmas satpol
kesehatan posyandu imunisasi pendidikan sekolah beasiswa bansos sembako pemilu pilkada tps
pengadaan barang jasa pemeliharaan gedung kendaraan inventaris aset peminjaman penghapusan
"""
DERIVE = """
undang laksana lapor beritahu kirim terima susun aju sampai usul bantu bina awas periksa
tetap tunjuk tugas hadir ikut libat laku kumpul catat daftar urus olah kelola pelihara bangun
rencana periksa setuju tolak tunda batal ubah ganti tambah kurang bayar pungut setor lapor
"""
PREFIXES = ["", "me", "di", "pe", "per", "ber", "ke", "ter"]
SUFFIXES = ["", "an", "kan", "i"]
NAMA = ("Budi Santoso, Siti Rahmawati, Ahmad Fauzi, Dewi Lestari, Rudi Hartono, Sri Wahyuni, Agus Setiawan, "
        "Nurhayati, Hendra Gunawan, Rina Marlina, Joko Susilo, Yuliani, Dedi Kurniawan, Lina Herlina, Eko Prasetyo, "
        "Wahyu Hidayat, Fitri Handayani, Bambang Sutrisno, Ratna Sari, Irwan Saputra").split(", ")
INSTANSI = [
    "Wali Kota Bekasi", "Sekretariat Daerah Kota Bekasi", "Dinas Pendidikan Kota Bekasi",
    "Dinas Kesehatan Kota Bekasi", "Dinas Kependudukan dan Pencatatan Sipil", "Badan Kepegawaian dan Pengembangan SDM",
    "Badan Pengelola Keuangan dan Aset Daerah", "Inspektorat Kota Bekasi", "Bappelitbangda Kota Bekasi",
    "Kelurahan Jatisampurna", "Kelurahan Jatiranggon", "Kelurahan Jatiraden", "Kelurahan Jatikarya",
    "Kelurahan Jatirangga", "Puskesmas Jatisampurna", "KUA Kecamatan Jatisampurna", "Polsek Jatisampurna",
    "Koramil 05/Pondok Gede", "Komisi Pemilihan Umum Kota Bekasi", "Badan Pusat Statistik Kota Bekasi",
    "Dinas Lingkungan Hidup", "Dinas Sosial Kota Bekasi", "Satpol PP Kota Bekasi", "BPBD Kota Bekasi",
    "PT Jasa Marga", "PLN UP3 Bekasi", "Bank BJB Cabang Bekasi", "LPM Kelurahan Jatisampurna",
    "Karang Taruna Kecamatan", "PKK Kecamatan Jatisampurna", "SDN Jatisampurna I", "SMPN 20 Bekasi",
    "Camat Jatisampurna", "Sekretaris Camat", "Kasubag Umum dan Kepegawaian", "Kasi Pemerintahan",
    "Kasi Ekonomi dan Pembangunan", "Kasi Kesejahteraan Sosial", "Kasi Ketenteraman dan Ketertiban",
]
UNITS = ["Kec.JTS", "KEC-JTS", "Kec.Jtsp", "SEKCAM", "Umpeg", "Pem", "Ekbang"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember"]
OLD_BULAN = {1: "Pebruari", 10: "Nopember"}
SIFAT = ["biasa"] * 80 + ["penting"] * 8 + ["segera"] * 9 + ["sangat_segera"] * 2 + ["kilat"]
STATUS_MASUK = ["diterima", "didisposisi", "diproses", "selesai", "diarsipkan"]
STATUS_KELUAR = ["konsep", "ditandatangani", "dikirim", "diarsipkan", "batal"]
JENIS = ["undangan", "surat dinas", "nota dinas", "surat edaran", "surat keputusan", "surat tugas",
         "pemberitahuan", "laporan", "permohonan", "berita acara"]


def _inflect(root: str, rng: random.Random) -> str:
    pre, suf = rng.choice(PREFIXES), rng.choice(SUFFIXES)
    if pre in ("me", "pe"):
        c = root[0]
        if c in "aeiou":
            pre += "ng"
        elif c in "bp":
            pre += "m"
            root = root[1:] if c == "p" else root
        elif c in "dtcj":
            pre += "n"
            root = root[1:] if c == "t" else root
        elif c == "s":
            pre += "ny"
            root = root[1:]
        elif c in "gkh":
            pre += "ng"
            root = root[1:] if c == "k" else root
    return pre + root + suf


def vocabulary(seed: int = 7, size: int = 3000) -> list[str]:
    rng = random.Random(seed)
    words = CORE.split()
    roots = DERIVE.split()
    kka_words: list[str] = []
    if KKA_CSV.exists():
        with KKA_CSV.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                kka_words += [w.lower() for w in row["nama_sumber"].replace(",", " ").replace("/", " ").split()
                              if w.isalpha() and len(w) > 3]
    seen = set(words)
    for w in itertools.chain((_inflect(r, rng) for r in roots * 6), kka_words):
        if w not in seen:
            seen.add(w)
            words.append(w)
        if len(words) >= size:
            break
    return words


class Zipf:
    def __init__(self, items: list[str], s: float = 1.0) -> None:
        self.items = items
        w = [1.0 / (i + 1) ** s for i in range(len(items))]
        self.cum = list(itertools.accumulate(w))

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.items, cum_weights=self.cum, k=k)


def _kka_codes() -> list[str]:
    codes = []
    if KKA_CSV.exists():
        with KKA_CSV.open(encoding="utf-8") as fh:
            codes = [r["kode"] for r in csv.DictReader(fh) if r["kode"][:1].isdigit()]
    popular = ["000.1.5", "000.1.2.3", "800.1.11.1", "800.1.11.4", "400.12.2", "900.1.3.6", "000.5.3.1",
               "100.2.4", "400.10.2.1", "800.1.3.2", "005", "090", "850", "470"]
    return popular * 40 + codes


def tanggal_text(d: dt.date, old: bool) -> str:
    name = OLD_BULAN.get(d.month - 1) if old and d.month - 1 in OLD_BULAN else BULAN[d.month - 1]
    return f"{d.day} {name} {d.year}"


def records(n_letters: int, n_docs: int, seed: int = 42) -> Iterator[SearchRecord]:
    """Letters first, then documents; both deterministic for a seed."""
    rng = random.Random(seed)
    vocab = Zipf(vocabulary())
    codes = _kka_codes()
    start = dt.date(2014, 1, 1).toordinal()
    span = dt.date(2025, 12, 31).toordinal() - start
    counters: dict[tuple[int, str], int] = {}
    for i in range(1, n_letters + 1):
        masuk = rng.random() < 0.6
        d = dt.date.fromordinal(start + rng.randrange(span))
        kode = rng.choice(codes)
        key = (d.year, "m" if masuk else "k")
        counters[key] = counters.get(key, 0) + 1
        urut = counters[key] if not masuk else rng.randrange(1, 2500)
        unit = rng.choice(UNITS)
        style = rng.random()
        if style < 0.6:
            nomor = f"{kode}/{urut}/{unit}/{d.year}"
        elif style < 0.9:
            nomor = f"{kode}/{urut:03d}/{unit}/{ROMAN[d.month - 1]}/{d.year}"
        else:
            nomor = f"B/{urut}/{kode}/{unit}/{d.year}"
        jenis = rng.choice(JENIS)
        perihal = " ".join([jenis.split()[-1]] + vocab.sample(rng, rng.randint(3, 10))).capitalize()
        body = " ".join(vocab.sample(rng, rng.randint(15, 45)))
        if rng.random() < 0.3:
            body += f" pada tanggal {tanggal_text(d, rng.random() < 0.2)}"
        instansi = rng.choice(INSTANSI)
        other = rng.choice(INSTANSI)
        secret = rng.random() < 0.01
        yield SearchRecord(
            kind="surat_masuk" if masuk else "surat_keluar", ref_id=i, title=perihal, body=body, nomor=nomor,
            dari=instansi if masuk else "Camat Jatisampurna", kepada="Camat Jatisampurna" if masuk else other,
            kode=kode, tanggal=d, sifat=rng.choice(SIFAT), keamanan="rahasia" if secret else "biasa",
            jenis=jenis, status=rng.choice(STATUS_MASUK if masuk else STATUS_KELUAR),
            pegawai=rng.choice(NAMA) if rng.random() < 0.15 else "",
            allowed_user_ids=frozenset({rng.randrange(1, 40)}) if secret else frozenset(),
            allowed_unit_ids=frozenset({rng.randrange(1, 8)}) if secret else frozenset(),
        )
    for j in range(1, n_docs + 1):
        d = dt.date.fromordinal(start + rng.randrange(span))
        kode = rng.choice(codes)
        instansi = rng.choice(INSTANSI)
        nomor = f"{kode}/{rng.randrange(1, 2500)}/{rng.choice(UNITS)}/{d.year}"
        paras = [" ".join(vocab.sample(rng, rng.randint(20, 45))) for _ in range(2)]
        text = (
            f"PEMERINTAH KOTA BEKASI {instansi.upper()} Nomor: {nomor} Lampiran: - "
            f"Perihal: {' '.join(vocab.sample(rng, 5))} "
            + " ".join(paras)
            + f" Bekasi, {tanggal_text(d, rng.random() < 0.2)} {rng.choice(NAMA)} NIP 19{rng.randrange(60, 99)}"
            f"{rng.randrange(1, 12):02d}{rng.randrange(1, 28):02d}"
        )
        yield SearchRecord(
            kind="dokumen", ref_id=j, title=f"scan_{d:%Y%m%d}_{j:07d}.pdf", body=text, nomor="",
            kode=kode, tanggal=d, jenis="scan", status="diarsipkan",
        )
