from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from tatausaha import recordref as rr


def test_roundtrip_known_kinds() -> None:
    from tatausaha import registry

    for kind in sorted({rr.SEPARATOR, *(k.name for k in registry.kinds()), *(q for k in registry.kinds() for q in (*k.qr_aliases, *k.cover_aliases))}):
        for rid in (0, 1, 42, 10**17):
            text = rr.encode(kind, rid)
            assert text.startswith(f"TU1:{kind}:{rid}:")
            assert rr.decode(text) == rr.RecordRef(kind, rid)


@given(hs.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True), hs.integers(min_value=0, max_value=10**18 - 1))
def test_roundtrip_property(kind: str, rid: int) -> None:
    assert rr.decode(rr.encode(kind, rid)) == rr.RecordRef(kind, rid)


def test_decode_rejects_tampering_and_foreign_codes() -> None:
    good = rr.encode("surat_keluar", 42)
    check = good.rsplit(":", 1)[1]
    assert rr.decode(good.replace(":42:", ":43:")) is None  # another id, same check
    assert rr.decode(good.replace("surat_keluar", "surat_masuk")) is None
    assert rr.decode(good[:-1] + ("0" if good[-1] != "0" else "1")) is None
    assert rr.decode(good, key="kantor-lain") is None  # printed by another office
    assert rr.decode(rr.encode("surat_keluar", 42, key="kantor-lain"), key="kantor-lain") is not None
    for junk in ("", "hello", "https://example.com", "TU2:surat_keluar:42:" + check, "TU1:Surat:42:" + check,
                 "TU1:surat_keluar:042:" + check, "TU1:surat_keluar:-1:" + check, None, b"\xff\xfe"):  # fmt: skip
        assert rr.decode(junk) is None
    assert rr.decode(f"  {good}\n") == rr.RecordRef("surat_keluar", 42)  # scanner trailing newline
    assert rr.decode(good.upper().replace("TU1:SURAT_KELUAR", "TU1:surat_keluar")) is not None  # hex case


def test_encode_validates() -> None:
    with pytest.raises(ValueError):
        rr.encode("Surat", 1)
    with pytest.raises(ValueError):
        rr.encode("surat_keluar", -1)
    with pytest.raises(ValueError):
        rr.encode("surat_keluar", True)  # type: ignore[arg-type]


def test_find_all_in_text() -> None:
    a, b = rr.encode("surat_masuk", 5), rr.encode("sep", 2)
    text = f"halaman 1 {a} lain TU1:surat_masuk:6:000000 {b} {a}"
    assert rr.find_all(text) == [rr.RecordRef("surat_masuk", 5), rr.RecordRef("sep", 2)]
    assert rr.RecordRef("sep", 2).is_separator
