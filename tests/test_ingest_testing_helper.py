"""No toys: the scan material for tests is printed by tatausaha's own printing, or not at all."""

from __future__ import annotations

import pytest

from tatausaha import recordref
from tatausaha.ingest import testing as T


def test_letter_and_separator_are_the_real_prints_with_a_readable_code():
    from tatausaha.printing.readback import qr_codes

    ref = recordref.encode("surat_keluar", 7)
    [page] = qr_codes(T.letter_pdf(ref), dpi=150)
    assert page.ref == recordref.RecordRef("surat_keluar", 7)
    [sep] = qr_codes(T.separator_pdf(3), dpi=150)
    assert sep.ref is not None and sep.ref.is_separator and sep.ref.id == 3


@pytest.mark.parametrize(("name", "make"), [("build_letter", lambda: T.letter_pdf("TU1:surat_keluar:1:000000")),
                                            ("build_separator", lambda: T.separator_pdf(1))])
@pytest.mark.parametrize("error", [TypeError, AttributeError, ImportError])
def test_a_broken_printer_fails_loudly_instead_of_a_stand_in(monkeypatch, name, make, error):
    import tatausaha.printing

    def broken(*_a, **_k):
        raise error("printing is broken")

    monkeypatch.setattr(tatausaha.printing, name, broken)
    with pytest.raises(error, match="printing is broken"):
        make()
