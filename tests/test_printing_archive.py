"""Kop from the office profile (real DB + file store) and printed versions kept in the archive."""

from __future__ import annotations

import os
import stat
import warnings
from dataclasses import replace
from pathlib import Path

import pytest

from tatausaha.errors import PermissionDenied, ValidationFailed
from tatausaha.models.document import DocumentLink
from tatausaha.printing import build_letter, samples, to_bytes
from tatausaha.printing.kop import KopWarning
from tatausaha.printing.readback import page_texts
from tatausaha.services import office
from tatausaha.services.printed import keep_printed_version, kop_from_office, printed_versions


def _setup_office(ctx, tmp_path: Path, logo: bytes | None = None) -> None:  # type: ignore[no-untyped-def]
    with ctx.uow() as uow:
        office.save_office(
            uow,
            office.OfficeInfo(
                pemerintah="PEMERINTAH KOTA BEKASI",
                nama_kantor="KECAMATAN JATISAMPURNA",
                alamat="Jalan Raya Hankam Nomor 1",
                kota="Bekasi",
                telepon="(021) 845",
                email="kec@bekasikota.go.id",
                kode_pos="17433",
            ),  # fmt: skip
        )
        if logo is not None:
            p = tmp_path / "logo.png"
            p.write_bytes(logo)
            office.set_logo(uow, ctx.store, p)
        uow.commit()


def _kop(ctx):  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            kop = kop_from_office(uow, ctx.store)
    return kop, [w for w in caught if issubclass(w.category, KopWarning)]


def _logo_sha(ctx) -> str:  # type: ignore[no-untyped-def]
    with ctx.reader() as uow:
        info = office.get_office(uow)
    assert info is not None and info.logo_sha256
    return info.logo_sha256


def test_kop_from_office_with_logo(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    logo = samples.sample_logo_png(120, 140)
    _setup_office(ctx, tmp_path, logo)
    kop, caught = _kop(ctx)
    assert caught == []
    assert (kop.pemerintah, kop.nama_kantor, kop.kota, kop.kode_pos) == (
        "PEMERINTAH KOTA BEKASI", "KECAMATAN JATISAMPURNA", "Bekasi", "17433",
    )  # fmt: skip
    assert kop.logo == logo
    pdf = to_bytes(build_letter, replace(samples.sample_letter(), kop=kop))
    assert b"/Subtype /Image" in pdf
    assert "KECAMATAN JATISAMPURNA" in page_texts(pdf)[0]


def test_missing_logo_file_warns_in_indonesian_and_prints(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _setup_office(ctx, tmp_path, samples.sample_logo_png(100, 100))
    path = ctx.store.path_for(_logo_sha(ctx))
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    path.unlink()
    kop, caught = _kop(ctx)
    assert kop.logo is None and kop.nama_kantor == "KECAMATAN JATISAMPURNA"
    assert (
        len(caught) == 1 and "tidak ada di arsip" in str(caught[0].message) and "tanpa logo" in str(caught[0].message)
    )


def test_broken_logo_file_warns_and_prints(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _setup_office(ctx, tmp_path, samples.sample_logo_png(100, 100))
    path = ctx.store.path_for(_logo_sha(ctx))
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    path.write_bytes(path.read_bytes()[:200])  # truncated on disk
    kop, caught = _kop(ctx)
    assert kop.logo is None
    assert len(caught) == 1 and "rusak" in str(caught[0].message)


def test_no_office_profile_gives_empty_kop(ctx) -> None:  # type: ignore[no-untyped-def]
    kop, caught = _kop(ctx)
    assert kop.nama_kantor == "" and len(caught) == 1 and "Profil kantor belum diisi" in str(caught[0].message)


def test_keep_printed_version_links_new_versions(ctx, auditor) -> None:  # type: ignore[no-untyped-def]
    pdf1 = to_bytes(build_letter, samples.sample_letter(logo=False, record_id=12))
    pdf2 = to_bytes(build_letter, replace(samples.sample_letter(logo=False, record_id=12), hal="Perbaikan"))
    with ctx.uow() as uow:
        v1 = keep_printed_version(uow, ctx.store, "surat_keluar", 12, pdf1)
        v2 = keep_printed_version(uow, ctx.store, "surat_keluar", 12, pdf2)
        again = keep_printed_version(uow, ctx.store, "surat_keluar", 12, pdf1)
        uow.commit()
    assert (v1.version, v2.version) == (1, 2)
    assert v1.new and v2.new and not again.new and again.version == 1
    assert v1.changes.affects("surat_keluar")
    with ctx.reader() as uow:
        versions = printed_versions(uow, "surat_keluar", 12)
        links = uow.session.query(DocumentLink).filter_by(record_kind="surat_keluar", record_id=12).all()
    assert [(v.version, v.role, v.mime) for v in versions] == [
        (1, "cetak", "application/pdf"),
        (2, "cetak", "application/pdf"),
    ]
    assert len(links) == 2
    assert ctx.store.read_bytes(versions[1].sha256) == pdf2
    # the auditor reads but never writes; garbage is refused before anything is stored
    with ctx.uow(actor=auditor) as uow, pytest.raises(PermissionDenied):
        keep_printed_version(uow, ctx.store, "surat_keluar", 12, pdf1)
    with ctx.uow() as uow, pytest.raises(ValidationFailed):
        keep_printed_version(uow, ctx.store, "surat_keluar", 12, b"hello")
