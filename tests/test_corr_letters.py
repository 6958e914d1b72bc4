"""Surat masuk / keluar / disposisi services on a real SQLite file."""

from __future__ import annotations

import datetime as dt

import pytest

from tatausaha import clock
from tatausaha.context import AppContext
from tatausaha.correspondence import disposisi as dsp
from tatausaha.correspondence import instansi, letters
from tatausaha.correspondence.disposisi import Recipient
from tatausaha.correspondence.letters import LetterFilter, SuratKeluarInput, SuratMasukInput
from tatausaha.errors import Conflict, PermissionDenied, ValidationFailed

D = dt.date


@pytest.fixture
def people(ctx: AppContext) -> dict:
    from tatausaha.app.demo import quick_office

    return quick_office(ctx)


def _official(people: dict, username: str) -> int:
    return people[username].official_id


def _masuk(ctx, actor, **kw) -> letters.Saved:
    data = dict(tanggal_terima=D(2026, 3, 2), pengirim="Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi",
                perihal="Undangan rapat koordinasi KTP-el", nomor_surat="470/123/Disdukcapil", tanggal_surat=D(2026, 2, 27),
                kode_klasifikasi="400.12.1")
    data.update(kw)
    with ctx.uow(actor=actor) as uow:
        saved = letters.register_masuk(uow, SuratMasukInput(**data))
        uow.commit()
    return saved


def test_register_gives_agenda_numbers_per_year_and_validates(ctx, people) -> None:
    op = people["operator"]
    a = _masuk(ctx, op)
    b = _masuk(ctx, op, nomor_surat="470/124/Disdukcapil")
    c = _masuk(ctx, op, tanggal_terima=D(2025, 12, 30), tanggal_surat=D(2025, 12, 29))
    assert (a.nomor_agenda, a.tahun, b.nomor_agenda, c.nomor_agenda, c.tahun) == (1, 2026, 2, 1, 2025)
    with ctx.uow(actor=op) as uow:
        with pytest.raises(ValidationFailed) as ei:
            letters.register_masuk(uow, SuratMasukInput(tanggal_terima=D(2026, 3, 2), pengirim="", perihal="",
                                                        tanggal_surat=D(2026, 3, 9)))
    msg = str(ei.value)
    assert "pengirim wajib" in msg and "perihal wajib" in msg and "sesudah tanggal terima" in msg
    with ctx.uow(actor=op) as uow, pytest.raises(ValidationFailed, match="Kode klasifikasi '999.9'"):
        letters.register_masuk(uow, SuratMasukInput(tanggal_terima=D(2026, 3, 2), pengirim="X", perihal="Y",
                                                    kode_klasifikasi="999.9"))
    # a cancelled letter keeps its agenda number; the next letter does not reuse it
    with ctx.uow(actor=op) as uow:
        letters.cancel_masuk(uow, b.id, "Tercatat dua kali")
        uow.commit()
    d = _masuk(ctx, op, nomor_surat="470/125/Disdukcapil")
    assert d.nomor_agenda == 3


def test_instansi_aliases_and_autocomplete(ctx, people) -> None:
    op = people["operator"]
    _masuk(ctx, op)
    with ctx.uow(actor=op) as uow:
        inst = instansi.lookup(uow.session, "dinas kependudukan dan pencatatan sipil kota bekasi")
        assert inst is not None
        inst_id = inst.id
        instansi.add_alias(uow, inst_id, "Disdukcapil Kota Bekasi")
        uow.commit()
    saved = _masuk(ctx, op, pengirim="DISDUKCAPIL  kota bekasi", nomor_surat="470/200/Disdukcapil")
    with ctx.reader(op) as uow:
        detail = letters.get_masuk(uow, saved.id)
        assert detail.instansi_id == inst_id
        hits = instansi.find(uow, "dukcap")
        assert hits and hits[0].id == inst_id and "Disdukcapil Kota Bekasi" in hits[0].aliases
        assert letters.count_masuk(uow, LetterFilter(instansi_id=inst_id)) == 2


def test_duplicate_warning_same_sender_and_number(ctx, people) -> None:
    op = people["operator"]
    first = _masuk(ctx, op)
    with ctx.reader(op) as uow:
        hits = letters.check_duplicates(uow, pengirim="Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi",
                                        nomor_surat="470 / 123 / Disdukcapil")
        none = letters.check_duplicates(uow, pengirim="Polsek Jatisampurna", nomor_surat="470/123/Disdukcapil")
    assert [h.id for h in hits] == [first.id] and "agenda 1/2026" in hits[0].reason
    assert none == []


def test_same_scan_file_is_a_duplicate(ctx, people, tmp_path) -> None:
    op = people["operator"]
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n% not a real pdf but a file\n")
    with ctx.uow(actor=op) as uow:
        saved = letters.register_masuk(uow, SuratMasukInput(tanggal_terima=D(2026, 3, 2), pengirim="Polsek Jatisampurna",
                                                            perihal="Laporan kamtibmas"), store=ctx.store, scans=[scan])
        uow.commit()
    import hashlib

    sha = hashlib.sha256(scan.read_bytes()).hexdigest()
    with ctx.reader(op) as uow:
        hits = letters.check_duplicates(uow, sha256s=[sha])
        detail = letters.get_masuk(uow, saved.id)
    assert [h.id for h in hits] == [saved.id] and "pindaian yang sama" in hits[0].reason
    assert [a.original_name for a in detail.attachments] == ["scan.pdf"]


def test_disposition_chain_inbox_status_and_letter_done(ctx, people) -> None:
    op, camat, sekcam, kasubag = people["operator"], people["camat"], people["sekcam"], people["kasubag"]
    saved = _masuk(ctx, op)
    with ctx.uow(actor=camat) as uow:
        [d1] = dsp.dispose(uow, saved.id, [Recipient(official_id=sekcam.official_id)],
                           instruksi=["Untuk diselesaikan"], catatan="Siapkan data", batas_waktu=D(2026, 3, 10))
        uow.commit()
    with ctx.uow(actor=op) as uow, pytest.raises(PermissionDenied):
        dsp.dispose(uow, saved.id, [Recipient(official_id=kasubag.official_id)], instruksi=["Edarkan"])
    with ctx.uow(actor=kasubag) as uow, pytest.raises(PermissionDenied, match="penerima"):
        dsp.dispose(uow, saved.id, [Recipient(user_id=people["staf"].user_id)], instruksi=["Edarkan"], parent_id=d1)
    with ctx.uow(actor=sekcam) as uow:
        assert [i.disposisi_id for i in dsp.inbox(uow)] == [d1]
        dsp.mark_read(uow, d1)
        [d2] = dsp.dispose(uow, saved.id, [Recipient(official_id=kasubag.official_id)], instruksi=["Proses lebih lanjut"],
                           parent_id=d1, batas_waktu=D(2026, 3, 8))
        uow.commit()
    with ctx.uow(actor=kasubag) as uow:
        items = dsp.inbox(uow)
        assert [i.disposisi_id for i in items] == [d2] and items[0].dari.startswith("Sekretaris Kecamatan")
        assert items[0].overdue  # 8 March 2026 is long past
        dsp.follow_up(uow, d2, "Data sudah dikirim ke Disdukcapil")
        dsp.mark_done(uow, d2)
        uow.commit()
    with ctx.uow(actor=sekcam) as uow:
        dsp.mark_done(uow, d1, "Selesai")
        uow.commit()
    with ctx.reader(op) as uow:
        detail = letters.get_masuk(uow, saved.id)
    assert detail.status == "selesai"
    assert [(n.depth, n.status) for n in detail.disposisi] == [(0, "selesai"), (1, "selesai")]
    assert "Diteruskan kepada" in detail.disposisi[0].tindak_lanjut
    whats = [t.what for t in detail.timeline]
    assert whats[0].startswith("Dicatat dengan nomor agenda 1/2026") and "Disposisi selesai" in whats


def test_secret_letters_only_for_chain_clerk_and_pimpinan(ctx, people) -> None:
    op, staf, camat, auditor = people["operator"], people["staf"], people["camat"], people["auditor"]
    secret = _masuk(ctx, op, keamanan="rahasia", perihal="Laporan intelijen pilkada", nomor_surat="R/01/Polsek")
    _masuk(ctx, op, nomor_surat="470/999")
    for who in (staf, auditor):
        with ctx.reader(who) as uow:
            rows = letters.list_masuk(uow)
            masked = [r for r in rows if r.id == secret.id][0]
            assert masked.masked and "intelijen" not in masked.perihal and masked.nomor_agenda == 1
            assert letters.count_masuk(uow, LetterFilter(text="intelijen")) == 0
            with pytest.raises(PermissionDenied, match="rahasia"):
                letters.get_masuk(uow, secret.id)
    with ctx.reader(op) as uow:  # the registering clerk
        assert letters.get_masuk(uow, secret.id).perihal.startswith("Laporan intelijen")
    with ctx.uow(actor=camat) as uow:  # pimpinan (SEE_SECRET) disposes it to staf
        assert letters.get_masuk(uow, secret.id).keamanan == "rahasia"
        dsp.dispose(uow, secret.id, [Recipient(user_id=staf.user_id)], instruksi=["Untuk diketahui"])
        uow.commit()
    with ctx.reader(staf) as uow:  # now in the chain
        assert letters.get_masuk(uow, secret.id).perihal.startswith("Laporan intelijen")
        assert not [r for r in letters.list_masuk(uow) if r.id == secret.id][0].masked
    with ctx.reader(auditor) as uow:
        with pytest.raises(PermissionDenied):
            letters.get_masuk(uow, secret.id)


def _no_approval(ctx) -> None:  # type: ignore[no-untyped-def]
    """An office that numbers without paraf/tanda tangan in the app (Pengaturan switch)."""
    from tatausaha.correspondence import approval
    from tatausaha.services.auth import SYSTEM

    with ctx.uow(actor=SYSTEM) as uow:
        approval.set_enabled(uow, False)
        uow.commit()


def test_surat_keluar_draft_number_send_cancel(ctx, people) -> None:
    op, camat = people["operator"], people["camat"]
    m = _masuk(ctx, op)
    _no_approval(ctx)  # numbering itself; paraf → tanda tangan: tests/test_approval_letters.py
    with ctx.uow(actor=op) as uow:
        k = letters.create_keluar(uow, SuratKeluarInput(
            jenis="SD", hal="Jawaban undangan rapat", tujuan="Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Bekasi",
            tujuan_di="Bekasi", tembusan=("Wali Kota Bekasi", ""), kode_klasifikasi="400.12.1",
            penandatangan_id=camat.official_id, reply_to_id=m.id, isi="Dengan hormat,\n\nKami hadir."))
        n1 = letters.give_number(uow, k.id, tanggal=D(2026, 3, 4))
        uow.commit()
    assert n1.nomor == "400.12.1/1/Kec.JTS/III/2026"
    with ctx.uow(actor=op) as uow:
        with pytest.raises(ValidationFailed, match="sudah bernomor"):
            letters.give_number(uow, k.id)
        with pytest.raises(ValidationFailed, match="tidak dapat diubah"):
            letters.update_keluar(uow, k.id, SuratKeluarInput(jenis="UND", hal="x", tujuan="y"))
        letters.mark_sent(uow, k.id, tanggal_kirim=D(2026, 3, 5), cara_kirim="kurir", penerima_nama="Pak Joko")
        k2 = letters.create_keluar(uow, SuratKeluarInput(jenis="SD", hal="Salah", tujuan="X", kode_klasifikasi="000.1.5"))
        n2 = letters.give_number(uow, k2.id, tanggal=D(2026, 3, 6))
        letters.cancel_keluar(uow, k2.id, "Tujuan salah")
        k3 = letters.create_keluar(uow, SuratKeluarInput(jenis="SD", hal="Lewat SRIKANDI", tujuan="Y"))
        with pytest.raises(Conflict):
            letters.record_external_number(uow, k3.id, n1.nomor, tanggal=D(2026, 3, 7))
        uow.commit()
    with ctx.reader(op) as uow:
        d1, d2 = letters.get_keluar(uow, k.id), letters.get_keluar(uow, k2.id)
        masuk = letters.get_masuk(uow, m.id)
        rows = letters.list_keluar(uow, LetterFilter(tahun=2026), sort="agenda", descending=False)
    assert (d1.status, d1.tanggal_kirim, d1.penerima_nama, d1.tembusan) == ("terkirim", D(2026, 3, 5), "Pak Joko",
                                                                            ("Wali Kota Bekasi",))
    assert d2.status == "batal" and d2.numbers[0].status == "batal" and d2.numbers[0].nomor == n2.nomor
    assert [r.id for r in masuk.replies] == [k.id]
    assert [r.nomor_agenda for r in rows if r.status != "draft"] == [1, 2]
    assert {r.id for r in rows} == {k.id, k2.id, k3.id}  # the draft is listed in its year too


def test_beranda_counts(ctx, people) -> None:
    op, camat, sekcam = people["operator"], people["camat"], people["sekcam"]
    today = clock.today()
    saved = _masuk(ctx, op, tanggal_terima=today, tanggal_surat=today)
    with ctx.uow(actor=camat) as uow:
        dsp.dispose(uow, saved.id, [Recipient(official_id=sekcam.official_id)], instruksi=["Untuk diketahui"],
                    batas_waktu=today)
        uow.commit()
    with ctx.reader(sekcam) as uow:
        c = dsp.counts(uow)
    assert (c.surat_masuk_hari_ini, c.disposisi_untuk_saya, c.disposisi_belum_dibaca, c.disposisi_terlambat_saya) == (1, 1, 1, 0)
    with ctx.reader(sekcam) as uow:
        c2 = dsp.counts(uow, today=today + dt.timedelta(days=1))
    assert c2.disposisi_terlambat_saya == 1 and c2.disposisi_terlambat_semua == 1
