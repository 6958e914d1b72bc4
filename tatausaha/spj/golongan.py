"""The payee's golongan on a date, read from the staff area — the one place SPJ imports staff
(``Area.reads = ("staff",)`` and one ``ignore_imports`` line in ``pyproject.toml``)."""

from __future__ import annotations

import datetime as dt

from tatausaha.errors import NotFound
from tatausaha.services.uow import UnitOfWork
from tatausaha.staff.service import golongan_on as staff_golongan_on


def golongan_on(uow: UnitOfWork, pegawai_id: int, on: dt.date) -> str | None:
    """The golongan employee ``pegawai_id`` held on ``on`` as SPJ stores it: ``III/c`` for a PNS, ``IX (III)``
    for a PPPK (its kode with the class I–IV the office equates it to); None when unknown."""
    try:
        g = staff_golongan_on(uow, pegawai_id, on)
    except NotFound:
        return None
    if g is None:
        return None
    if g.kode.split("/")[0] == g.kelompok:
        return g.kode
    return f"{g.kode} ({g.kelompok})" if g.kelompok else g.kode


def employees(uow: UnitOfWork, query: str = "") -> list[tuple[int, str, str]]:
    """(id, name with gelar, NIP as the reader may see it) of the office's active employees, for
    choosing an employee as a payee; the NIP is masked for readers who may not see personal data."""
    from tatausaha.staff.service import list_employees

    return [(e.id, e.nama_lengkap, e.nip) for e in list_employees(uow, query=query)]
