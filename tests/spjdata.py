"""Shared SPJ test data: the 2026 ATK budget line several SPJ tests buy against."""

from __future__ import annotations

from tatausaha.services.uow import UnitOfWork
from tatausaha.spj import service as spj


def atk_budget_line(uow: UnitOfWork, tahun: int = 2026) -> tuple[int, int]:
    """Program → kegiatan → sub-kegiatan "Penyediaan ATK" (pagu Rp50 juta) with rekening Belanja ATK
    (pagu Rp20 juta) in budget year ``tahun`` (2026); returns (sub_kegiatan_id, rekening_id). Idempotent."""
    t = spj.ensure_tahun(uow, tahun)
    p = spj.ensure_program(uow, t, "7.01.01", "Program Penunjang")
    k = spj.ensure_kegiatan(uow, p, "7.01.01.2.02", "Administrasi Keuangan")
    sk = spj.ensure_sub_kegiatan(uow, k, "7.01.01.2.02.0001", "Penyediaan ATK", 50_000_000)
    rek = spj.ensure_rekening(uow, "5.1.02.01.01.0024", "Belanja ATK", "barang")
    spj.set_pagu(uow, sk, rek, 20_000_000)
    return sk, rek
