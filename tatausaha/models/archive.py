"""The archive's files inside the server database (PostgreSQL): the office's one shared archive.

A file is kept once, named by the SHA-256 of its bytes, in 1 MiB parts; written in one transaction
(all parts or none) and never changed afterwards: a trigger on the server refuses UPDATE and DELETE,
and the PCs' role has only SELECT and INSERT on both tables (``tatausaha server init``). Under
SQLite the tables stay empty: the files live in the data folder (``storage/filestore.py``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from tatausaha.models.base import Base, utcnow


class ArchiveFile(Base):
    __tablename__ = "archive_file"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    parts: Mapped[int]
    stored_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ArchivePart(Base):
    __tablename__ = "archive_part"

    sha256: Mapped[str] = mapped_column(String(64), ForeignKey("archive_file.sha256"), primary_key=True)
    part: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
