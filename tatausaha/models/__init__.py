"""All ORM models. Importing this package registers every table on ``Base.metadata``."""

from tatausaha.models import (  # noqa: F401
    account,
    archive,
    audit,
    correspondence,
    document,
    ingest,
    klasifikasi,
    office,
    search,
    setting,
    spj,
    staff,
)
from tatausaha.models.base import Base

__all__ = ["Base"]
