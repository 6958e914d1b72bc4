from __future__ import annotations

from tatausaha.printing import samples
from tatausaha.printing.readback import page_texts, qr_codes
from tatausaha.printing.register import build_register


def test_register_pages_say_n_of_total_and_keep_their_qr(tmp_path):
    out = tmp_path / "register.pdf"
    build_register(samples.sample_register(), out)
    texts = page_texts(out)
    assert len(texts) >= 2
    for n, text in enumerate(texts, start=1):
        assert f"Halaman {n} dari {len(texts)}" in text
    assert len(qr_codes(out)) == len(texts)  # the record QR is still on every page
