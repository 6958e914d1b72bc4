"""The payee's golongan on a date, read from the staff area (``Area.reads = ("staff",)``).

One small function so the reader can be swapped: until the staff area's ``golongan_on`` lands this
returns None and the golongan typed on the item is used.
"""

from __future__ import annotations

import datetime as dt

from tatausaha.services.uow import UnitOfWork


def golongan_on(uow: UnitOfWork, pegawai_id: int, on: dt.date) -> str | None:
    """The golongan (``III/c``, PPPK ``IX``) employee ``pegawai_id`` held on ``on``; None when unknown."""
    return None
