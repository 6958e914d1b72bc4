"""The approval rules the letter services check (paraf → tanda tangan before numbering).

They sit below ``letters`` — which calls them when a draft is edited or numbered — and
``approval`` (which builds on ``letters``) re-exports them, so the two never import each other.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from tatausaha.errors import ValidationFailed
from tatausaha.models.correspondence import CorrespondenceSetting, SuratKeluar
from tatausaha.models.office import Official

SETTING_KEY = "persetujuan_aktif"

TAHAP_LABELS = {
    "konsep": "Konsep",
    "paraf": "Menunggu paraf",
    "ttd": "Menunggu tanda tangan",
    "ditandatangani": "Sudah ditandatangani",
    "dikembalikan": "Dikembalikan untuk perbaikan",
}


def is_enabled(session: Session) -> bool:
    row = session.get(CorrespondenceSetting, SETTING_KEY)
    return True if row is None else bool(row.value)


def _post_name(session: Session, official_id: int | None) -> str:
    o = session.get(Official, official_id) if official_id else None
    return f"{o.jabatan} ({o.nama})" if o is not None else "—"


def _letter_name(k: SuratKeluar) -> str:
    return f"Konsep surat '{k.hal}'"


def reset_after_edit(session: Session, k: SuratKeluar) -> None:
    """A signed draft whose content changed must be signed again (the signature covered the old text)."""
    if k.tahap == "ditandatangani":
        k.tahap, k.ditandatangani_at, k.ditandatangani_oleh = "konsep", None, None


def require_editable(session: Session, k: SuratKeluar) -> None:
    """``letters.update_keluar``: a draft on its way through paraf/tanda tangan is not edited underneath the reviewers."""
    if k.status == "draft" and k.tahap in ("paraf", "ttd") and is_enabled(session):
        raise ValidationFailed(
            f"{_letter_name(k)} sedang {TAHAP_LABELS[k.tahap].lower()} oleh {_post_name(session, k.menunggu_official_id)}; "
            "minta dikembalikan untuk perbaikan lebih dulu."
        )


def require_ready_for_number(session: Session, k: SuratKeluar) -> None:
    """``letters.give_number``: with approval on, only a signed draft is numbered."""
    if not is_enabled(session) or k.tahap == "ditandatangani":
        return
    if k.tahap == "dikembalikan":
        raise ValidationFailed(f"{_letter_name(k)} dikembalikan untuk perbaikan; perbaiki, ajukan, dan tandatangani dulu.")
    if k.tahap in ("paraf", "ttd"):
        raise ValidationFailed(
            f"{_letter_name(k)} masih {TAHAP_LABELS[k.tahap].lower()} {_post_name(session, k.menunggu_official_id)}; "
            "nomor diberikan setelah ditandatangani."
        )
    raise ValidationFailed(
        f"{_letter_name(k)} belum diparaf dan ditandatangani: ajukan dulu (paraf → tanda tangan), lalu beri nomor. "
        "Kantor yang tidak memakai persetujuan dapat mematikannya di Pengaturan."
    )
