"""Indonesian formatting: dates, Roman months, PUEBI rupiah, terbilang (checked against an
independent recursive implementation written differently from the iterative one in idformat)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from tatausaha import idformat as f

# --------------------------------------------------------------------------- independent terbilang

_UNITS = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"]


def ref_terbilang(n: int) -> str:
    """Recursive, top-down by magnitude (the classic PHP kuitansi shape, with KBBI scale words)."""
    if n < 12:
        return _UNITS[n]
    if n < 20:
        return ref_terbilang(n - 10) + " belas"
    if n < 100:
        return (ref_terbilang(n // 10) + " puluh " + ref_terbilang(n % 10)).strip()
    if n < 200:
        return ("seratus " + ref_terbilang(n - 100)).strip()
    if n < 1000:
        return (ref_terbilang(n // 100) + " ratus " + ref_terbilang(n % 100)).strip()
    if n < 2000:
        return ("seribu " + ref_terbilang(n - 1000)).strip()
    for size, word in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if n >= size:
            return (ref_terbilang(n // size) + f" {word} " + ref_terbilang(n % size)).strip()
    raise AssertionError(n)


def _amounts() -> list[int]:
    rng = random.Random(20260222)
    out = list(range(0, 2101))  # every small number, incl. all the special words
    for digits in range(4, 16):  # every magnitude up to 999 triliun
        lo, hi = 10 ** (digits - 1), 10**digits - 1
        out += [rng.randint(lo, hi) for _ in range(400)]
    # round figures and the edges around each scale
    for scale in (10**3, 10**6, 10**9, 10**12):
        for k in (1, 2, 10, 11, 100, 101, 999):
            if k * scale <= f.TERBILANG_MAX:
                out += [k * scale - 1, k * scale, k * scale + 1]
    out.append(f.TERBILANG_MAX)
    return out


def test_terbilang_agrees_with_independent_implementation() -> None:
    amounts = _amounts()
    assert len(amounts) > 6000
    for n in amounts:
        expected = ref_terbilang(n) if n else "nol"
        assert f.terbilang(n) == expected, n


@settings(max_examples=500, deadline=None)
@given(hs.integers(min_value=1, max_value=f.TERBILANG_MAX))
def test_terbilang_property(n: int) -> None:
    words = f.terbilang(n)
    assert words == ref_terbilang(n)
    assert "  " not in words and words == words.strip()
    assert "milyar" not in words and "trilyun" not in words
    assert "satu ratus" not in words and "satu puluh" not in words
    tokens = words.split()
    for i, word in enumerate(tokens[:-1]):
        if word == "satu" and tokens[i + 1] == "ribu":  # 1000 is "seribu" unless part of 101000, 21000 ...
            assert i > 0 and tokens[i - 1] in ("puluh", "ratus", "seratus"), words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (19, "sembilan belas"),
        (100, "seratus"),
        (111, "seratus sebelas"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (11000, "sebelas ribu"),
        (100_000, "seratus ribu"),
        (1_000_000, "satu juta"),
        (2_950_000, "dua juta sembilan ratus lima puluh ribu"),
        (1_000_000_000, "satu miliar"),
        (2_000_000_001_000, "dua triliun seribu"),
    ],
)
def test_terbilang_known_values(n: int, words: str) -> None:
    assert f.terbilang(n) == words


def test_terbilang_limits() -> None:
    assert f.terbilang(-5) == "minus lima"
    with pytest.raises(ValueError):
        f.terbilang(f.TERBILANG_MAX + 1)
    with pytest.raises(TypeError):
        f.terbilang(1.5)  # type: ignore[arg-type]


def test_terbilang_rupiah() -> None:
    assert f.terbilang_rupiah(2_950_000) == "dua juta sembilan ratus lima puluh ribu rupiah"
    assert f.terbilang_rupiah(Decimal("1500.25")) == "seribu lima ratus rupiah dua puluh lima sen"
    assert f.terbilang_rupiah(1_000_000, kapital="judul") == "Satu Juta Rupiah"
    assert f.terbilang_rupiah(21, kapital="awal") == "Dua puluh satu rupiah"
    with pytest.raises(ValueError):
        f.terbilang_rupiah(-1)


def test_rupiah_puebi_and_styles() -> None:
    assert f.rupiah(2_950_000) == "Rp2.950.000,00"
    assert f.rupiah(Decimal("1234567.5")) == "Rp1.234.567,50"
    assert f.rupiah(0) == "Rp0,00"
    assert f.rupiah(999) == "Rp999,00"
    assert f.rupiah(1000) == "Rp1.000,00"
    assert f.rupiah(-1200) == "-Rp1.200,00"
    assert f.rupiah(2_950_000, "bulat") == "Rp2.950.000"
    assert f.rupiah(2_950_000, "lokal") == "Rp. 2.950.000,-"
    assert f.rupiah(Decimal("0.005")) == "Rp0,01"  # half-up, not banker's rounding
    with pytest.raises(TypeError):
        f.rupiah(1.5)  # type: ignore[arg-type]


def test_dates() -> None:
    d = dt.date(2023, 2, 8)
    assert f.tanggal_panjang(d) == "8 Februari 2023"
    assert f.nama_hari(d) == "Rabu"
    assert f.hari_tanggal(d) == "Rabu, 8 Februari 2023"
    assert f.tempat_tanggal("Bekasi", d) == "Bekasi, 8 Februari 2023"
    assert f.tanggal_pendek(d) == "08-02-2023"
    assert [f.nama_hari(dt.date(2026, 11, 16) + dt.timedelta(days=i)) for i in range(7)] == [
        "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
    ]  # fmt: skip
    assert f.tanggal_dieja(dt.date(2026, 8, 26)) == (
        "Rabu tanggal Dua Puluh Enam bulan Agustus tahun Dua Ribu Dua Puluh Enam"
    )


def test_roman_months() -> None:
    assert [f.bulan_romawi(m) for m in range(1, 13)] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ]  # fmt: skip
    assert f.bulan_romawi(dt.date(2026, 7, 1)) == "VII"
    assert f.romawi(2026) == "MMXXVI"
    with pytest.raises(ValueError):
        f.bulan_romawi(13)


def test_nip_grouping() -> None:
    assert f.format_nip("197001011990031001") == "19700101 199003 1 001"
    assert f.format_nip("19700101 199003 1 001") == "19700101 199003 1 001"
    assert f.format_nip("12345") == "12345"
    assert f.format_nip(None) == ""
