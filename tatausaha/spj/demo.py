"""The SPJ part of ``tatausaha demo``: a budget year (program → kegiatan → sub-kegiatan with
pagu, rekening lines), a supplier directory, and about 60 items in every state — drafts with
nothing yet, items in progress with documents belum lengkap / perlu perbaikan / tidak berlaku,
numbered items, complete closed items, two closed by the camat's override with a reason — with
taxes (some deposited with an NTPN), honoraria to employees of the staff area by golongan, and
perjalanan dinas linked to a surat tugas of the correspondence area.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import select

from tatausaha import clock
from tatausaha.models.account import User
from tatausaha.models.correspondence import JenisNaskah, SuratKeluar
from tatausaha.models.staff import Pegawai
from tatausaha.services import accounts, documents
from tatausaha.services.uow import UnitOfWork
from tatausaha.spj import service
from tatausaha.spj.service import ItemInput, SupplierInput

JT = 1_000_000
PROGRAM = ("7.01.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota")
KEGIATAN = [
    ("7.01.01.2.01", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", [
        ("0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah", 45 * JT),
        ("0006", "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD", 30 * JT),
    ]),
    ("7.01.01.2.06", "Administrasi Umum Perangkat Daerah", [
        ("0001", "Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor", 25 * JT),
        ("0002", "Penyediaan Peralatan dan Perlengkapan Kantor", 120 * JT),
        ("0009", "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD", 90 * JT),
    ]),
    ("7.01.01.2.09", "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah", [
        ("0009", "Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya", 150 * JT),
    ]),
]
REKENING = [
    ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor", "barang"),
    ("5.1.02.01.01.0025", "Belanja Alat/Bahan untuk Kegiatan Kantor-Kertas dan Cover", "barang"),
    ("5.1.02.01.01.0026", "Belanja Alat/Bahan untuk Kegiatan Kantor-Bahan Cetak", "jasa"),
    ("5.1.02.01.01.0031", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Listrik", "barang"),
    ("5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat", "makan_minum"),
    ("5.1.02.02.01.0003", "Honorarium Narasumber atau Pembahas, Moderator, Pembawa Acara, dan Panitia", "honorarium"),
    ("5.1.02.02.01.0013", "Belanja Jasa Tenaga Administrasi (Uang Lembur)", "lembur"),
    ("5.1.02.04.01.0001", "Belanja Perjalanan Dinas Biasa", "perjalanan_dinas"),
    ("5.1.02.03.02.0405", "Belanja Pemeliharaan Bangunan Gedung-Bangunan Gedung Kantor", "pemeliharaan"),
    ("5.1.02.02.01.0029", "Belanja Jasa Penyelenggaraan Acara", "rapat"),
]
SUPPLIERS = [
    ("CV Sumber Makmur Sentosa", "CV", True, "01.234.567.8-432.000", "Jl. Raya Hankam No. 12", "003/005", "Jatirangga",
     "081298765432", "H. Darmawan", "Bank BJB", "0012345678901"),
    ("Toko ATK Sinar Jaya", "toko", False, "", "Jl. Kranggan Permai Blok C/7", "002/011", "Jatisampurna",
     "085711223344", "Lim Siu Ling", "BRI", "123401000567509"),
    ("RM Padang Sederhana Jatisampurna", "toko", False, "", "Jl. Raya Jatisampurna No. 88", "001/003",
     "Jatisampurna", "02184991234", "Hj. Nurhayati", "BNI", "0234567891"),
    ("PT Cahaya Cetak Mandiri", "PT", True, "02.345.678.9-432.000", "Jl. Alternatif Cibubur Km 3", "004/002",
     "Jatikarya", "0218445566", "Ir. Bambang S.", "Bank Mandiri", "1560012345678"),
    ("Katering Bu Tuti", "perorangan", False, "", "Perum Jatisampurna Asri B-14", "006/009", "Jatisampurna",
     "081311122233", "Tuti Alawiyah", "BRI", "340801009988503"),
    ("CV Karya Teknik Elektrik", "CV", True, "03.456.789.0-432.000", "Jl. Camat Gabun No. 3", "002/001",
     "Jatiranggon", "081287776655", "Slamet Riyadi", "Bank BJB", "0098765432100"),
    ("CV Bangun Persada", "CV", True, "04.567.890.1-432.000", "Jl. Raya Pondok Gede No. 210", "005/004",
     "Jatiraden", "081399887766", "Hendra Gunawan", "Bank Mandiri", "1560098765432"),
]
NARASUMBER = ["Dr. Wahyu Pratama, M.Si.", "Ir. Sri Mulyani Hartati", "Drs. Joko Susilo, M.AP.", "Rina Kusuma, S.H., M.H."]
#: (jenis, rekening index, sub-kegiatan index, uraian, low, high, supplier index or None)
KINDS: list[tuple[str, int, int, str, int, int, int | None]] = [
    ("barang", 0, 3, "Belanja alat tulis kantor", 800_000, 4_500_000, 1),
    ("barang", 1, 3, "Belanja kertas HVS A4 dan F4", 1_500_000, 6_000_000, 0),
    ("barang", 3, 2, "Belanja lampu LED dan kabel instalasi", 2_500_000, 14_000_000, 5),
    ("jasa", 2, 0, "Belanja cetak dan penggandaan dokumen perencanaan", 1_200_000, 9_000_000, 3),
    ("makan_minum", 4, 4, "Makan minum rapat koordinasi", 900_000, 6_500_000, 2),
    ("makan_minum", 4, 4, "Snack dan makan siang musyawarah perencanaan", 1_000_000, 12_000_000, 4),
    ("honorarium", 5, 4, "Honorarium narasumber", 900_000, 3_000_000, None),
    ("lembur", 6, 1, "Uang lembur penyusunan laporan kinerja", 700_000, 2_500_000, None),
    ("perjalanan_dinas", 7, 0, "Perjalanan dinas konsultasi ke Bappeda", 450_000, 3_200_000, None),
    ("pemeliharaan", 8, 5, "Pemeliharaan atap dan talang gedung kantor", 6_000_000, 60_000_000, 6),
    ("rapat", 9, 4, "Penyelenggaraan sosialisasi", 2_000_000, 8_000_000, None),
]
#: how far each item gets (the state mix the demo shows)
STAGES = (["kosong"] * 8 + ["sebagian"] * 14 + ["perbaikan"] * 6 + ["lengkap_draft"] * 6 + ["siap_sebagian"] * 8
          + ["siap_lengkap"] * 6 + ["ditutup"] * 10 + ["override"] * 2)


def _actor(uow: UnitOfWork, username: str) -> Any:
    u = uow.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    return accounts.actor_of(u, uow.session) if u is not None else None


def _as(uow: UnitOfWork, actor: Any) -> Any:
    """Act as ``actor`` inside the demo's unit of work (the audit trail names who did what)."""
    old = uow.actor
    if actor is not None:
        uow.actor = actor
        uow.session.info["actor"] = actor
    return old


def _budget(uow: UnitOfWork, tahun: int) -> tuple[list[int], list[int]]:
    t = service.ensure_tahun(uow, tahun, "APBD Kota Bekasi — Kecamatan Jatisampurna")
    p = service.ensure_program(uow, t, *PROGRAM)
    subs: list[int] = []
    for kode, nama, children in KEGIATAN:
        k = service.ensure_kegiatan(uow, p, kode, nama)
        for sk_kode, sk_nama, pagu in children:
            subs.append(service.ensure_sub_kegiatan(uow, k, f"{kode}.{sk_kode}", sk_nama, pagu,
                                                    pptk_nama="Budi Santoso, S.AP.", pptk_nip="197809102005011004"))
    reks = [service.ensure_rekening(uow, kode, nama, jenis) for kode, nama, jenis in REKENING]
    for jenis, ri, si, *_ in KINDS:
        service.set_pagu(uow, subs[si], reks[ri], 20 * JT if jenis != "pemeliharaan" else 120 * JT)
    return subs, reks


def _tahun(today: dt.date) -> int:
    """The budget year the demo fills: this year, or last year in its first two months (so items
    spread over a year of dates before today)."""
    return today.year if today.month >= 3 else today.year - 1


def demo_fill(ctx: Any, uow: UnitOfWork, rng: random.Random) -> dict[str, int]:
    today = clock.today()
    tahun = _tahun(today)
    last = min(today, dt.date(tahun, 12, 31))
    first = dt.date(tahun, 1, 2)
    operator = _actor(uow, "operator")
    camat = _actor(uow, "camat")
    system = _as(uow, operator)
    try:
        subs, reks = _budget(uow, tahun)
        suppliers = [service.save_supplier(uow, SupplierInput(
            nama=n, bentuk=b, pkp=pkp, npwp=npwp, alamat=al, rt_rw=rtrw, kelurahan=kel, kota="Kota Bekasi", telepon=tel,
            pemilik=own, bank_nama=bank, bank_rekening=rek, bank_atas_nama=n)).id
            for n, b, pkp, npwp, al, rtrw, kel, tel, own, bank, rek in SUPPLIERS]
        employees = _employees(uow, last)
        surat_tugas = _surat_tugas(uow)
        counts: dict[str, int] = {}
        stages = list(STAGES)
        rng.shuffle(stages)
        span = max(0, (last - first).days)
        for n, stage in enumerate(stages):
            jenis, ri, si, uraian, lo, hi, sup = KINDS[n % len(KINDS)]
            day = first + dt.timedelta(days=rng.randint(0, span))
            amount = rng.randrange(lo // 50_000, hi // 50_000 + 1) * 50_000
            data = ItemInput(
                tanggal=day, sub_kegiatan_id=subs[si], rekening_id=reks[ri], jenis_belanja=jenis,
                uraian=f"{uraian} {_month(day)}", jumlah=amount, metode_bayar=rng.choice(("tunai", "non_tunai")),
                no_npd=f"{n + 1:04d}/NPD/GU/{tahun}", no_tbp=f"{n + 1:05d}/TBP/{tahun}",
                kegiatan_selesai=day - dt.timedelta(days=rng.randint(0, 3)),
                **_payee(rng, jenis, sup, suppliers, employees),
            )
            item = service.create_item(uow, data)
            if jenis == "perjalanan_dinas":
                _travellers(uow, rng, item, employees, surat_tugas)
            _progress(ctx, uow, rng, item, stage, camat)
            counts[stage] = counts.get(stage, 0) + 1
    finally:
        _as(uow, system)
    return {"tahun_anggaran": tahun, "sub_kegiatan": len(subs), "item": len(stages), **counts}


def _month(day: dt.date) -> str:
    return service.BULAN[day.month - 1] + f" {day.year}"


def _payee(rng: random.Random, jenis: str, sup: int | None, suppliers: list[int],
           employees: list[tuple[int, str, str]]) -> dict[str, Any]:
    if sup is not None:
        return {"penerima_jenis": "penyedia", "supplier_id": suppliers[sup]}
    if jenis in ("honorarium", "lembur", "perjalanan_dinas") and employees and (jenis != "honorarium" or rng.random() < 0.5):
        pid, nama, nip = rng.choice(employees)
        return {"penerima_jenis": "pegawai", "pegawai_id": pid, "penerima_nama": nama, "penerima_nip": nip,
                "penerima_golongan": rng.choice(("II/c", "III/a", "III/c", "IV/a"))}
    if jenis in ("honorarium", "lembur", "perjalanan_dinas"):
        return {"penerima_jenis": "orang", "penerima_nama": rng.choice(NARASUMBER),
                "penerima_golongan": rng.choice(("III/b", "IV/a")) if jenis != "honorarium" else ""}
    return {"penerima_jenis": "orang", "penerima_nama": "Panitia Penyelenggara Kecamatan Jatisampurna"}


def _employees(uow: UnitOfWork, on: dt.date) -> list[tuple[int, str, str]]:
    """Employees the staff area's demo made (id, name, NIP) — read from its table, not its code."""
    rows = uow.session.execute(select(Pegawai.id, Pegawai.nama, Pegawai.nip_baru)
                               .where(Pegawai.nip_baru.is_not(None)).order_by(Pegawai.id).limit(12)).all()
    return [(pid, nama, nip or "") for pid, nama, nip in rows]


def _surat_tugas(uow: UnitOfWork) -> list[tuple[int, str]]:
    """Numbered surat tugas of the correspondence demo (id, nomor), to link travellers to."""
    rows = uow.session.execute(
        select(SuratKeluar.id, SuratKeluar.nomor).join(JenisNaskah, JenisNaskah.id == SuratKeluar.jenis_id)
        .where(JenisNaskah.kode == "ST", SuratKeluar.nomor != "").order_by(SuratKeluar.id).limit(20)).all()
    return [(i, n or "") for i, n in rows]


def _travellers(uow: UnitOfWork, rng: random.Random, item: service.ItemView, employees: list[tuple[int, str, str]],
                surat_tugas: list[tuple[int, str]]) -> None:
    people = rng.sample(employees, k=min(len(employees), rng.randint(1, 2))) if employees else [
        (None, "Rudi Hartono", "199011202014021002")]
    st_id, st_nomor = rng.choice(surat_tugas) if surat_tugas else (None, f"800.1.11.1/{item.id}/Kec.Jts")
    share = item.jumlah // len(people)
    for pid, nama, nip in people:
        service.add_pelaksana(uow, item.id, nama, nip=nip, pegawai_id=pid, surat_tugas_id=st_id,
                              surat_tugas_nomor=st_nomor if st_id is None else "", spd_nomor=f"094/{item.id}/SPD",
                              berangkat=item.tanggal, kembali=item.tanggal + dt.timedelta(days=1),
                              tujuan="Bappelitbangda Kota Bekasi", jumlah=share)


def _receipt(ctx: Any, uow: UnitOfWork, item: service.ItemView, bukti: service.BuktiView) -> int | None:
    from tatausaha.ingest import testing as T

    store = getattr(ctx, "store", None)
    if store is None:
        return None
    pdf = T.tiny_pdf(f"{bukti.nama} - {item.uraian} - Rp{item.jumlah:,}".replace(",", "."))
    return documents.add_document_bytes(uow, store, pdf, f"{bukti.dokumen}-{item.no_tbp.replace('/', '-')}.pdf").id


def _progress(ctx: Any, uow: UnitOfWork, rng: random.Random, item: service.ItemView, stage: str, camat: Any) -> None:
    required = [b for b in item.bukti if b.wajib]
    if stage == "kosong":
        return
    files = 0
    for i, b in enumerate(required):
        done = stage not in ("sebagian", "perbaikan", "siap_sebagian", "override") or i < len(required) // 2
        if not done:
            if stage in ("sebagian", "siap_sebagian") and i == len(required) // 2:
                service.set_bukti_status(uow, b.id, "belum_lengkap")
            elif stage == "perbaikan" and i == len(required) // 2:
                service.set_bukti_status(uow, b.id, "perlu_perbaikan",
                                         alasan="Tanggal pada nota tidak sama dengan tanggal kuitansi")
            continue
        if b.dokumen == "faktur_pajak" or (b.dokumen == "bukti_setor_pajak" and not item.pajak):
            service.set_bukti_status(uow, b.id, "tidak_berlaku", alasan="Tidak ada pajak dipungut pada belanja ini")
        elif b.dokumen in ("kuitansi", "bukti_pembelian") and files < 2 and rng.random() < 0.5:
            doc = _receipt(ctx, uow, item, b)
            if doc is not None:
                service.attach_file(uow, b.id, doc)
                files += 1
            else:
                service.set_bukti_status(uow, b.id, "lengkap")
        else:
            service.set_bukti_status(uow, b.id, "lengkap")
        if b.diterbitkan_oleh == "penyedia" and item.supplier is not None:
            service.update_bukti(uow, b.id, penerbit_nama=item.supplier.nama, supplier_id=item.supplier.id)
    if stage in ("siap_sebagian", "siap_lengkap", "ditutup", "override"):
        service.mark_ready(uow, item.id)
        for p in item.pajak:
            if p.jumlah and rng.random() < 0.7:
                service.record_tax_deposit(uow, p.id, tanggal_setor=item.tanggal + dt.timedelta(days=rng.randint(1, 9)),
                                           ntpn=f"{rng.randrange(16**16):016X}", kode_billing=f"{rng.randrange(10**15):015d}")
    if stage == "ditutup":
        service.close_item(uow, item.id)
    elif stage == "override":
        old = _as(uow, camat)
        try:
            service.close_item(uow, item.id, override_alasan=(
                "Bukti asli hilang karena banjir di gudang arsip; diganti surat keterangan dari penyedia dan "
                "rekening koran, disetujui Camat."))
        finally:
            _as(uow, old)
