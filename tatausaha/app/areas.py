"""The installed areas, in one place (the order is the order of the navigation and the demo).

``install()`` is called by the registry on first use; it also wires the generic rooms' hooks
(the documents room tells search when a document changes, without importing it).
"""

from __future__ import annotations

from tatausaha import registry
from tatausaha.correspondence.area import AREA as CORRESPONDENCE
from tatausaha.spj.area import AREA as SPJ
from tatausaha.staff.area import AREA as STAFF

AREAS: tuple[registry.Area, ...] = (CORRESPONDENCE, STAFF, SPJ)


def install() -> None:
    from tatausaha.search.sources import index_document

    for area in AREAS:
        registry.register(area)
    registry.on_document_changed(index_document)
