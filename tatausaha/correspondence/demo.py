"""A year of demo correspondence for Kecamatan Jatisampurna, Kota Bekasi.

``demo_fill(ctx, uow, rng)`` (called by ``tatausaha demo``) registers a few hundred surat
masuk from real-sounding Bekasi instansi over the last twelve months, disposes most of them
through the chain (Camat → Sekcam → Kasubag/Kasi → staf) with deadlines (some overdue, some
still unread), drafts and numbers surat keluar (replies linked to their surat masuk, a few
sent, one cancelled number, one SRIKANDI number), and marks a few letters rahasia.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlalchemy import select

from tatausaha import clock
from tatausaha.errors import NotFound
from tatausaha.models.account import User
from tatausaha.models.correspondence import Disposisi, SuratMasuk
from tatausaha.services.accounts import actor_of
from tatausaha.services.auth import Actor

if TYPE_CHECKING:  # the application's context: only its type is named here
    from tatausaha.context import AppContext


def actor_for(ctx: AppContext, username: str) -> Actor:
    """The Actor of an existing user, without a password (tests, demo, scripts)."""
    with ctx.reader() as uow:
        u = uow.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if u is None:
            raise NotFound(f"Pengguna '{username}' tidak ada.")
        return actor_of(u, uow.session)


# --------------------------------------------------------------------------- demo data

# (nama, singkatan, jenis, aliases, weight)
INSTANSI = [
    ("Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi", "Disdukcapil", "dinas", ("Disdukcapil Kota Bekasi",), 6),
    ("Dinas Sosial Kota Bekasi", "Dinsos", "dinas", (), 4),
    ("Dinas Kesehatan Kota Bekasi", "Dinkes", "dinas", (), 4),
    ("Dinas Pendidikan Kota Bekasi", "Disdik", "dinas", (), 3),
    ("Dinas Bina Marga dan Sumber Daya Air Kota Bekasi", "DBMSDA", "dinas", (), 3),
    ("Dinas Lingkungan Hidup Kota Bekasi", "DLH", "dinas", (), 3),
    ("Dinas Perumahan, Kawasan Permukiman dan Pertanahan Kota Bekasi", "Disperkimtan", "dinas", (), 2),
    ("Badan Pengelolaan Keuangan dan Aset Daerah Kota Bekasi", "BPKAD", "badan", (), 4),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Bekasi", "BKPSDM", "badan", (), 4),
    ("Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah Kota Bekasi", "Bappelitbangda", "badan", (), 3),
    ("Badan Kesatuan Bangsa dan Politik Kota Bekasi", "Kesbangpol", "badan", (), 2),
    ("Bagian Tata Pemerintahan Sekretariat Daerah Kota Bekasi", "Bag. Tapem", "setda", ("Tapem Setda Kota Bekasi",), 5),
    ("Sekretariat Daerah Kota Bekasi", "Setda", "setda", (), 3),
    ("Inspektorat Kota Bekasi", "Inspektorat", "inspektorat", (), 2),
    ("Satuan Polisi Pamong Praja Kota Bekasi", "Satpol PP", "dinas", (), 3),
    ("Kelurahan Jatisampurna", "Kel. Jatisampurna", "kelurahan", (), 8),
    ("Kelurahan Jatikarya", "Kel. Jatikarya", "kelurahan", (), 7),
    ("Kelurahan Jatiranggon", "Kel. Jatiranggon", "kelurahan", (), 7),
    ("Kelurahan Jatiraden", "Kel. Jatiraden", "kelurahan", (), 6),
    ("Kelurahan Jatirangga", "Kel. Jatirangga", "kelurahan", (), 6),
    ("Kepolisian Sektor Jatisampurna", "Polsek Jatisampurna", "polsek", ("Polsek Jatisampurna",), 5),
    ("Komando Rayon Militer 04/Jatisampurna", "Koramil 04/Jatisampurna", "koramil", ("Koramil Jatisampurna",), 3),
    ("UPTD Puskesmas Jatisampurna", "Puskesmas Jatisampurna", "puskesmas", ("Puskesmas Jatisampurna",), 4),
    ("UPTD Puskesmas Jatiranggon", "Puskesmas Jatiranggon", "puskesmas", (), 2),
    ("Kantor Urusan Agama Kecamatan Jatisampurna", "KUA Jatisampurna", "kua", (), 2),
    ("Komisi Pemilihan Umum Kota Bekasi", "KPU Kota Bekasi", "kpu", (), 2),
    ("BPJS Kesehatan Kantor Cabang Bekasi", "BPJS Kesehatan", "bpjs", (), 1),
    ("PT PLN (Persero) UP3 Bekasi", "PLN UP3 Bekasi", "bumn", (), 1),
    ("Forum RW Kelurahan Jatiranggon", "", "warga", (), 1),
]

# per jenis of sender: (perihal template, kode klasifikasi, ringkasan)
SUBJECTS = {
    "dinas": [
        ("Undangan rapat koordinasi {topik}", "000.1.5", "Mengundang Camat atau pejabat yang ditunjuk."),
        ("Permohonan data {data}", "100.2.4", "Mohon data dikirim paling lambat dua minggu."),
        ("Sosialisasi {topik}", "400.14", "Pemberitahuan kegiatan sosialisasi di tingkat kecamatan."),
        ("Surat edaran tentang {topik}", "100.3.4.3", "Edaran untuk diteruskan ke kelurahan."),
    ],
    "badan": [
        ("Penyampaian jadwal {keu}", "900.1.3.5", "Jadwal penyampaian laporan keuangan perangkat daerah."),
        ("Undangan bimbingan teknis {keu}", "000.1.5", "Peserta: bendahara dan operator."),
        ("Usulan kenaikan pangkat periode {periode}", "800.1.3.2", "Batas usulan sesuai jadwal."),
        ("Permintaan laporan {data}", "100.2.4", "Laporan disampaikan dalam bentuk cetak dan berkas."),
    ],
    "setda": [
        ("Undangan rapat pimpinan {topik}", "000.1.5", "Dihadiri Camat se-Kota Bekasi."),
        ("Instruksi Wali Kota tentang {topik}", "100.3.4.3", "Untuk dilaksanakan dan dilaporkan."),
        ("Permintaan laporan penyelenggaraan pemerintahan kecamatan", "100.2.4", "Laporan triwulan."),
    ],
    "inspektorat": [("Pemberitahuan pemeriksaan reguler", "100.2.4", "Mohon disiapkan dokumen pendukung.")],
    "kelurahan": [
        ("Permohonan fasilitasi Musrenbang kelurahan", "000.7.1.4", "Usulan kegiatan prioritas tingkat kelurahan."),
        ("Laporan kegiatan {kegiatan}", "400.10.2.1", "Laporan pelaksanaan kegiatan di kelurahan."),
        ("Rekapitulasi data {data}", "400.12.2", "Rekap bulanan dari kelurahan."),
        ("Permohonan rekomendasi {izin}", "100.2.4", "Permohonan warga yang diteruskan kelurahan."),
        ("Undangan {kegiatan}", "000.1.5", "Mengundang Camat untuk hadir."),
    ],
    "polsek": [
        ("Laporan situasi kamtibmas {periode}", "300.1", "Situasi aman terkendali."),
        ("Permohonan pengamanan {kegiatan}", "300.1", "Koordinasi pengamanan kegiatan warga."),
    ],
    "koramil": [("Undangan rapat koordinasi tiga pilar", "000.1.5", "Babinsa, Bhabinkamtibmas, dan kelurahan.")],
    "puskesmas": [
        ("Laporan kasus {penyakit} wilayah kecamatan", "400.7", "Mohon dukungan penggerakan warga."),
        ("Undangan lokakarya mini lintas sektor", "000.1.5", "Lokakarya mini triwulanan."),
    ],
    "kua": [("Pemberitahuan jadwal bimbingan perkawinan", "400.14", "Untuk diinformasikan ke kelurahan.")],
    "kpu": [("Permohonan fasilitasi pembentukan badan ad hoc", "200.2", "Fasilitasi sekretariat PPK.")],
    "bpjs": [("Sosialisasi program JKN bagi warga", "400.7", "Sosialisasi di aula kecamatan.")],
    "bumn": [("Pemberitahuan pemadaman listrik terencana", "600.1", "Pemeliharaan jaringan.")],
    "warga": [("Permohonan audiensi terkait {warga}", "100.2.4", "Forum RW mohon waktu bertemu Camat.")],
}
FILL = {
    "topik": ["percepatan penurunan stunting", "penanganan banjir", "pengelolaan sampah", "Bulan Bakti Gotong Royong",
              "pelayanan administrasi kependudukan", "HUT Kota Bekasi", "penertiban reklame", "Pekan Imunisasi"],
    "data": ["penduduk miskin", "kepemilikan KTP-el", "sarana ibadah", "RT/RW", "posyandu", "UMKM", "lahan fasos fasum"],
    "keu": ["SPJ fungsional", "rekonsiliasi aset", "laporan realisasi anggaran", "SIPD"],
    "periode": ["April", "Oktober", "triwulan I", "triwulan II", "triwulan III", "Desember"],
    "kegiatan": ["kerja bakti", "posyandu", "peringatan HUT RI", "pengajian akbar", "lomba kampung bersih",
                 "senam sehat", "Jumat Bersih"],
    "izin": ["izin keramaian", "pendirian rumah ibadah", "pemakaian fasum"],
    "penyakit": ["demam berdarah", "TBC", "campak"],
    "warga": ["genangan air di Jalan Raya Hankam", "lampu penerangan jalan", "pembangunan saluran"],
}
SECRET_SUBJECTS = [
    ("Laporan intelijen menjelang pemilihan", "200.1", "kepolisian"),
    ("Pemeriksaan khusus atas pengaduan masyarakat", "100.2.4", "inspektorat"),
    ("Data pegawai dalam proses hukuman disiplin", "800.1.3.2", "bkpsdm"),
]

KELUAR_PLAN = [
    # jenis, hal, tujuan, kode
    ("UND", "Undangan Musrenbang Kecamatan", "Lurah se-Kecamatan Jatisampurna", "000.7.1.4"),
    ("UND", "Undangan rapat koordinasi tiga pilar", "Kapolsek Jatisampurna\nDanramil 04/Jatisampurna", "000.1.5"),
    ("SD", "Penyampaian data kepemilikan KTP-el", "Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi",
     "400.12.2"),
    ("SD", "Laporan penyelenggaraan pemerintahan kecamatan", "Wali Kota Bekasi\nc.q. Kepala Bagian Tata Pemerintahan",
     "100.2.4"),
    ("SD", "Usulan kenaikan pangkat pegawai", "Kepala BKPSDM Kota Bekasi", "800.1.3.2"),
    ("ST", "Surat Tugas monitoring posyandu", "", "800.1.11.1"),
    ("ND", "Permintaan pengadaan alat tulis kantor", "Sekretaris Kecamatan", "000.1.5"),
    ("SE", "Edaran Jumat Bersih", "Lurah se-Kecamatan Jatisampurna", "100.3.4.3"),
    ("SPENG", "Pengantar berkas SPJ fungsional", "Kepala BPKAD Kota Bekasi", "900.1.3.5"),
]


@contextlib.contextmanager
def _acting(uow, actor: Actor) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Let one demo unit of work act as several people (the audit trail names each of them)."""
    old_actor, old_info = uow.actor, uow.session.info.get("actor")
    uow.actor = actor
    uow.session.info["actor"] = actor
    try:
        yield
    finally:
        uow.actor = old_actor
        uow.session.info["actor"] = old_info


def _approval_demo(uow, keluar_id: int, until: str, drafter: Actor, reviewers: list[Actor], signer: Actor) -> None:  # type: ignore[no-untyped-def]
    """Walk a demo draft through paraf → tanda tangan up to ``until`` (konsep | paraf | ttd | dikembalikan |
    ditandatangani), each step by the person whose turn it is."""
    from tatausaha.correspondence import approval

    if until == "konsep":
        return
    with _acting(uow, drafter):
        approval.submit(uow, keluar_id, [r.official_id for r in reviewers if r.official_id is not None])
    if until == "paraf":
        return
    if until == "dikembalikan":
        with _acting(uow, reviewers[0]):
            approval.return_for_revision(uow, keluar_id, "Perbaiki dasar surat dan lengkapi lampiran daftar nama.")
        return
    for r in reviewers:
        with _acting(uow, r):
            approval.paraf(uow, keluar_id)
    if until == "ttd":
        return
    with _acting(uow, signer):
        approval.sign(uow, keluar_id)


def _waiting_drafts(uow, op: Actor, camat: Actor, sekcam: Actor, kasubag: Actor, staf: Actor,  # type: ignore[no-untyped-def]
                    codes: set[str], today: dt.date) -> int:
    """Drafts on their way through paraf → tanda tangan today, whatever the random year gave: the Beranda
    queues and the Surat Keluar page show every approval state (and the per-jenis fields of an undangan and
    a surat tugas)."""
    from tatausaha.correspondence import letters
    from tatausaha.models.office import Official

    def person(a: Actor) -> dict[str, str]:
        o = uow.session.get(Official, a.official_id)
        return {"nama": o.nama, "nip": o.nip or "", "pangkat": f"{o.pangkat} ({o.golongan})", "jabatan": o.jabatan}

    rapat = today + dt.timedelta(days=7)
    plan = [
        ("SD", "Permohonan data penerima bantuan sosial triwulan IV", "Kepala Dinas Sosial Kota Bekasi", "400.9",
         None, camat, "paraf"),
        ("UND", "Undangan rapat koordinasi posyandu", "Lurah se-Kecamatan Jatisampurna", "000.1.5",
         {"tanggal": rapat.isoformat(), "waktu": "09.00 WIB s.d. selesai", "tempat": "Aula Kantor Kecamatan Jatisampurna",
          "acara": "Rapat koordinasi posyandu dan pelaporan triwulan"}, camat, "ttd"),
        ("ST", "Bimbingan teknis kearsipan", "", "800.1.11.1",
         {"dasar": ["Surat Kepala Dinas Kearsipan dan Perpustakaan Kota Bekasi tentang Bimbingan Teknis Kearsipan"],
          "kepada": [person(kasubag), person(staf)],
          "untuk": f"Mengikuti Bimbingan Teknis Kearsipan pada tanggal {rapat:%d-%m-%Y} di Aula Dinas Kearsipan "
                   "Kota Bekasi."}, camat, "ttd"),
        ("SD", "Laporan pelaksanaan Musrenbang Kecamatan", "Wali Kota Bekasi\nc.q. Kepala Bappelitbangda", "000.7.1.4",
         None, camat, "dikembalikan"),
        ("SD", "Penyampaian jadwal pelayanan KTP-el keliling", "Lurah se-Kecamatan Jatisampurna", "400.12",
         None, sekcam, "paraf"),
        ("SD", "Usulan pengadaan boks arsip", "Kepala Badan Pengelolaan Keuangan dan Aset Daerah Kota Bekasi", "000.2",
         None, camat, "konsep"),
    ]
    for jenis, hal, tujuan, kode, extra, signer, until in plan:
        an = ("a.n.", "CAMAT JATISAMPURNA") if signer is sekcam else ("", "")
        with _acting(uow, op):
            saved = letters.create_keluar(uow, letters.SuratKeluarInput(
                jenis=jenis, hal=hal, tujuan=tujuan or "", tujuan_di="Bekasi" if tujuan else "", rincian=extra,
                kode_klasifikasi=kode if kode in codes else "", penandatangan_id=signer.official_id, ttd_prefix=an[0],
                atas_nama_jabatan=an[1],
                isi="Dengan hormat,\n\nSehubungan dengan hal tersebut di atas, bersama ini kami sampaikan hal "
                    "dimaksud untuk menjadi perhatian.\n\nDemikian disampaikan, atas perhatiannya diucapkan "
                    "terima kasih." if jenis != "ST" else "Demikian surat tugas ini dibuat untuk dilaksanakan dengan "
                    "penuh tanggung jawab.",
            ))
        reviewers = [kasubag] + ([sekcam] if signer is camat else [])
        _approval_demo(uow, saved.id, until, op, reviewers, signer)
    return len(plan)


def _fill(text: str, rng: random.Random) -> str:
    out = text
    for key, values in FILL.items():
        token = "{" + key + "}"
        while token in out:
            out = out.replace(token, rng.choice(values), 1)
    return out


def _workdays_back(today: dt.date, n_days: int) -> list[dt.date]:
    days = [today - dt.timedelta(days=i) for i in range(n_days)]
    return sorted(d for d in days if d.weekday() < 5)


def demo_fill(ctx: AppContext, uow, rng: random.Random, *, n_masuk: int = 360) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Add a year of correspondence to the demo office (users camat, sekcam, kasubag, kasipem, kasitrantib, operator, staf)."""

    from tatausaha.correspondence import searchhook

    with searchhook.deferred(uow.session):
        summary = _demo_fill(uow, rng, n_masuk)
    demo_scans(ctx, uow, rng)
    return summary


def demo_scans(ctx: AppContext, uow, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """Scans of this area's letters for the demo scan folder (the scan-folder demo files them):
    a second copy of the newest surat masuk (suggested, not filed) and the signed copy of the
    newest numbered surat keluar (filed on it by its QR code)."""
    from tatausaha import recordref
    from tatausaha.ingest import testing as T
    from tatausaha.ingest.demo import demo_folder
    from tatausaha.models.correspondence import SuratKeluar

    folder = demo_folder(ctx)
    s = uow.session
    s.flush()
    masuk = s.execute(select(SuratMasuk).order_by(SuratMasuk.id.desc()).limit(1)).scalar_one_or_none()
    keluar = s.execute(select(SuratKeluar.id).where(SuratKeluar.nomor != "")
                       .order_by(SuratKeluar.id.desc()).limit(1)).scalar_one_or_none()
    if masuk is not None:  # the same letter again (e.g. a second copy by e-mail): suggested, not filed
        (folder / "email-lampiran.pdf").write_bytes(T.letter_pdf(
            None, nomor=(masuk.nomor_surat or "005/1/2024") + "-A", hal=masuk.perihal or "Undangan",
            pengirim=("PEMERINTAH KOTA BEKASI", (masuk.pengirim or "DINAS").upper())))
    if keluar is not None:  # the signed copy of an outgoing letter: filed on it by its QR code
        from tatausaha.correspondence.kinds import SURAT_KELUAR

        (folder / "SCAN_0009.jpg").write_bytes(T.scannerize(T.letter_pdf(recordref.encode(SURAT_KELUAR, keluar)), rng))


def _demo_fill(uow, rng: random.Random, n_masuk: int) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from tatausaha.correspondence import disposisi as dsp
    from tatausaha.correspondence import instansi as inst_svc
    from tatausaha.correspondence import letters
    from tatausaha.correspondence.disposisi import Recipient
    from tatausaha.models.account import User as UserRow
    from tatausaha.models.klasifikasi import Klasifikasi
    from tatausaha.services.accounts import actor_of as _actor_of

    s = uow.session
    people = {u.username: _actor_of(u) for u in s.execute(select(UserRow)).scalars()}
    need = ("camat", "sekcam", "kasubag", "kasipem", "kasitrantib", "operator", "staf")
    if any(n not in people for n in need):
        return {"surat_masuk": 0}
    codes = set(s.execute(select(Klasifikasi.kode).where(Klasifikasi.scheme == "pmdn83_2022")).scalars())
    op, camat, sekcam = people["operator"], people["camat"], people["sekcam"]
    kasubag, kasipem, kasitrantib, staf = people["kasubag"], people["kasipem"], people["kasitrantib"], people["staf"]

    with _acting(uow, op):
        for nama, singkatan, jenis, aliases, _w in INSTANSI:
            if inst_svc.lookup(s, nama) is None:
                i = inst_svc.save(uow, nama=nama, singkatan=singkatan, jenis=jenis, kota="Bekasi")
                for a in aliases:
                    inst_svc.add_alias(uow, i.id, a)

    today = clock.today()
    days = _workdays_back(today, 365)
    weights = [w for *_x, w in INSTANSI]
    masuk_ids: list[tuple[int, dt.date, str, str]] = []
    secret_at = set(rng.sample(range(n_masuk), 4))
    # more letters recently; a few today so the Beranda has something. Registered in the order they
    # arrived, so agenda numbers rise with the date of receipt as in a real buku agenda.
    received = sorted(days[min(len(days) - 1, int(len(days) * (1 - rng.random() ** 1.6)))] for _ in range(n_masuk - 3))
    received += [today] * 3
    for n in range(n_masuk):
        d = received[n]
        if n in secret_at:
            perihal, kode, jenis_sender = SECRET_SUBJECTS[n % len(SECRET_SUBJECTS)]
            sender = {"kepolisian": INSTANSI[20], "inspektorat": INSTANSI[13], "bkpsdm": INSTANSI[8]}[jenis_sender]
            keamanan = rng.choice(["rahasia", "rahasia", "sangat_rahasia"])
            ringkasan = "Isi terbatas pada pimpinan."
        else:
            sender = rng.choices(INSTANSI, weights=weights)[0]
            tmpl, kode, ringkasan = rng.choice(SUBJECTS[sender[2]])
            perihal = _fill(tmpl, rng)
            keamanan = "terbatas" if rng.random() < 0.02 else "biasa"
        nama, singkatan = sender[0], sender[1] or "RW"
        tanggal_surat = d - dt.timedelta(days=rng.choice([0, 1, 1, 2, 3, 5]))
        kode_s = kode if kode in codes else ""
        nomor = f"{kode_s or '005'}/{rng.randint(1, 900)}/{singkatan.replace(' ', '')}/{tanggal_surat.year}"
        kanal = rng.choices(["manual", "srikandi", "email"], weights=[5, 4, 1])[0]
        with _acting(uow, op if rng.random() < 0.8 else staf):
            saved = letters.register_masuk(uow, letters.SuratMasukInput(
                tanggal_terima=d, pengirim=nama, perihal=perihal, nomor_surat=nomor, tanggal_surat=tanggal_surat,
                ditujukan="Camat Jatisampurna", ringkasan=ringkasan,
                derajat=rng.choices(["biasa", "segera", "sangat_segera"], weights=[7, 2, 1])[0], keamanan=keamanan,
                kode_klasifikasi=kode_s, lampiran=rng.choice(["", "", "1 berkas", "2 lembar"]), kanal=kanal,
                srikandi_ref=f"SRK-{d:%Y%m%d}-{rng.randint(1000, 9999)}" if kanal == "srikandi" else "",
            ))
        masuk_ids.append((saved.id, d, kode_s, sender[2]))

    # dispositions: camat → sekcam (or a kasi) → kasubag/kasi → staf, with deadlines; older ones mostly done
    n_disp = 0
    kasi_for = {"polsek": kasitrantib, "koramil": kasitrantib, "kelurahan": kasipem, "kpu": kasipem, "warga": kasipem}
    for mid, d, _kode, sender_jenis in masuk_ids:
        age = (today - d).days
        if age <= 0 and rng.random() < 0.5:
            continue  # today's letters: some not yet disposed
        if rng.random() < 0.08:
            continue
        deadline = d + dt.timedelta(days=rng.choice([3, 5, 7, 14]))
        first = kasi_for.get(sender_jenis, sekcam) if rng.random() < 0.4 else sekcam
        with _acting(uow, camat):
            [d1] = dsp.dispose(uow, mid, [Recipient(official_id=first.official_id)],
                               instruksi=rng.sample(dsp.DEFAULT_INSTRUKSI[:8], rng.choice([1, 1, 2])),
                               catatan=rng.choice(["", "", "Mohon segera.", "Koordinasikan dengan kelurahan.",
                                                   "Laporkan hasilnya."]),
                               batas_waktu=deadline)
        n_disp += 1
        done_prob = 0.95 if age > 30 else (0.6 if age > 7 else 0.15)
        if first is sekcam and rng.random() < 0.75:
            nxt = rng.choice([kasubag, kasipem, kasitrantib])
            with _acting(uow, sekcam):
                dsp.mark_read(uow, d1)
                [d2] = dsp.dispose(uow, mid, [Recipient(official_id=nxt.official_id)], instruksi=["Proses lebih lanjut"],
                                   parent_id=d1, batas_waktu=deadline)
            n_disp += 1
            leaf, leaf_actor = d2, nxt
            if nxt is kasubag and rng.random() < 0.5:
                with _acting(uow, kasubag):
                    dsp.mark_read(uow, d2)
                    [d3] = dsp.dispose(uow, mid, [Recipient(user_id=staf.user_id)], instruksi=["Arsipkan"], parent_id=d2,
                                       batas_waktu=deadline)
                n_disp += 1
                leaf, leaf_actor = d3, staf
        else:
            leaf, leaf_actor = d1, first
        r = rng.random()
        with _acting(uow, leaf_actor):
            if r < done_prob:
                dsp.follow_up(uow, leaf, rng.choice(["Sudah dikoordinasikan.", "Data sudah dikirim.", "Sudah dihadiri.",
                                                     "Sudah diteruskan ke kelurahan."]))
                dsp.mark_done(uow, leaf)
                for parent_actor, pid in ((sekcam, d1),) if leaf != d1 else ():
                    with _acting(uow, parent_actor):
                        dsp.mark_done(uow, pid)
            elif r < done_prob + 0.15:
                dsp.mark_read(uow, leaf)
        # kasubag's hop (when it went to staf) closes with the staf's
        if leaf_actor is staf and r < done_prob:
            with _acting(uow, kasubag):
                for x in s.execute(select(Disposisi.id).where(Disposisi.surat_masuk_id == mid,
                                                              Disposisi.status != "selesai")).scalars():
                    d_row = s.get(Disposisi, x)
                    if d_row is not None and d_row.kepada_official_id == kasubag.official_id:
                        dsp.mark_done(uow, x)

    # surat keluar: numbered through the year, replies to some surat masuk, most sent
    n_keluar = 0
    replies = rng.sample(masuk_ids, min(40, len(masuk_ids)))
    plan = [(rng.choice(KELUAR_PLAN), None) for _ in range(80)] + [
        (("SD", "Jawaban atas surat", "", ""), m) for m in replies
    ]
    plan.sort(key=lambda p: p[1][1] if p[1] else days[int(len(days) * rng.random())])
    dates = sorted(days[int(len(days) * rng.random())] for _ in plan)
    signers = [(camat, "", ""), (sekcam, "a.n.", "CAMAT JATISAMPURNA")]
    arng = random.Random(8)  # approval states: their own stream, the rest of the demo unchanged
    batal_done = srikandi_done = False
    for (item, reply), d in zip(plan, dates, strict=True):
        jenis, hal, tujuan, kode = item
        reply_id = None
        keamanan = "biasa"
        if reply is not None:
            mid, md, mkode, _sj = reply
            m = s.get(SuratMasuk, mid)
            if m is None:
                continue
            d = max(d, md)
            hal, tujuan, kode, reply_id = f"Jawaban: {m.perihal}", m.pengirim, mkode or "100.2.4", mid
            keamanan = m.keamanan  # a reply is as secret as the letter it answers
        signer, prefix, an = rng.choice(signers)
        with _acting(uow, op):
            saved = letters.create_keluar(uow, letters.SuratKeluarInput(
                jenis=jenis, hal=hal, tujuan=tujuan.replace("\\n", "\n") or "Yang bersangkutan", tujuan_di="Bekasi",
                tembusan=("Wali Kota Bekasi", "Sekretaris Daerah Kota Bekasi") if jenis in ("SD", "SE") else (),
                kode_klasifikasi=kode if kode in codes else "", penandatangan_id=signer.official_id, ttd_prefix=prefix,
                atas_nama_jabatan=an, reply_to_id=reply_id, keamanan=keamanan,
                isi="Dengan hormat,\n\nSehubungan dengan hal tersebut di atas, bersama ini kami sampaikan "
                    "bahwa kegiatan dimaksud telah dilaksanakan sesuai ketentuan.\n\nDemikian disampaikan, "
                    "atas perhatiannya diucapkan terima kasih.",
            ))
            n_keluar += 1
            reviewers = [kasubag] + ([sekcam] if signer is camat else [])
            if d >= today - dt.timedelta(days=14) and rng.random() < 0.35:
                # a few recent drafts are still on their way: konsep, waiting for paraf or signature, sent back
                _approval_demo(uow, saved.id, arng.choice(("konsep", "paraf", "ttd", "dikembalikan", "paraf")),
                               op, reviewers, signer)
                continue
            if not srikandi_done and jenis == "SD" and d < today - dt.timedelta(days=100):
                letters.record_external_number(uow, saved.id, f"{kode or '100.2.4'}/SRK-{d:%m%d}/Kec.JTS/{d.year}",
                                               tanggal=d, srikandi_ref=f"SRK-{d:%Y%m%d}-0001")
                srikandi_done = True
            else:
                _approval_demo(uow, saved.id, "ditandatangani", op, reviewers, signer)
                letters.give_number(uow, saved.id, tanggal=d)
            if not batal_done and d < today - dt.timedelta(days=60):
                letters.cancel_keluar(uow, saved.id, "Salah tujuan; surat dibuat ulang dengan nomor baru")
                batal_done = True
                continue
            if rng.random() < 0.85 and d < today:
                letters.mark_sent(uow, saved.id, tanggal_kirim=min(today, d + dt.timedelta(days=rng.choice([0, 1, 1, 2]))),
                                  cara_kirim=rng.choice(["kurir", "SRIKANDI", "pos-el", "diantar langsung"]),
                                  penerima_nama=rng.choice(["Sdr. Andi", "Ibu Yanti", "Bpk. Heri", "Sdri. Lia", ""]))
    n_keluar += _waiting_drafts(uow, op, camat, sekcam, kasubag, staf, codes, today)
    uow.session.flush()
    _backdate(s, rng, today)
    return {"surat_masuk": len(masuk_ids), "disposisi": n_disp, "surat_keluar": n_keluar}


def _backdate(s, rng: random.Random, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    """The demo is made in a few seconds; give its records the times they would have had over the year."""
    from sqlalchemy import update

    from tatausaha.models.correspondence import SuratKeluar

    def at(d: dt.date, hour: int, minute: int) -> dt.datetime:
        return clock.office_to_utc(dt.datetime.combine(d, dt.time(hour, minute)))  # office time → UTC

    for mid, d in s.execute(select(SuratMasuk.id, SuratMasuk.tanggal_terima)).all():
        s.execute(update(SuratMasuk).where(SuratMasuk.id == mid).values(created_at=at(d, 8, rng.randint(0, 59))))
    rows = s.execute(select(Disposisi.id, Disposisi.parent_id, Disposisi.surat_masuk_id, Disposisi.dibaca_at,
                            Disposisi.ditindaklanjuti_at, Disposisi.selesai_at, Disposisi.batas_waktu)
                     .order_by(Disposisi.id)).all()
    received = dict(s.execute(select(SuratMasuk.id, SuratMasuk.tanggal_terima)).all())
    given: dict[int, dt.datetime] = {}
    for did, parent, mid, read, fu, done, _deadline in rows:
        if parent:
            start = given.get(parent) or at(received[mid], 10, 0)
            start += dt.timedelta(hours=rng.choice([2, 4, 20, 24]))
        else:
            start = at(received[mid], 10, rng.randint(0, 59))
        start = min(start, dt.datetime.combine(today, dt.time(1, 0)))
        given[did] = start
        vals: dict[str, object] = {"tanggal": start, "created_at": start}
        if read:
            vals["dibaca_at"] = start + dt.timedelta(hours=1)
        if fu:
            vals["ditindaklanjuti_at"] = start + dt.timedelta(hours=rng.choice([3, 20, 28]))
        if done:
            end = start + dt.timedelta(days=rng.choice([1, 2, 3, 6]))
            vals["selesai_at"] = min(end, clock.office_to_utc(dt.datetime.combine(today, dt.time(9, 0))))
        s.execute(update(Disposisi).where(Disposisi.id == did).values(**vals))
    for kid, d, _created in s.execute(select(SuratKeluar.id, SuratKeluar.tanggal_surat, SuratKeluar.created_at)).all():
        if d is not None:
            s.execute(update(SuratKeluar).where(SuratKeluar.id == kid).values(created_at=at(d, 9, rng.randint(0, 59))))
    from sqlalchemy import true

    from tatausaha.services import audit

    for model in (SuratMasuk, Disposisi, SuratKeluar):  # the new times are on record like any change
        audit.record_rows(s, model, true(), "update")
