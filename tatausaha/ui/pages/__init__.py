"""The navigation: the shell's pages and every installed area's (``tatausaha.ui.registry``).

Each page module exposes ``create_page(ctx) -> QWidget``. A page whose area is declared but not
built yet (or whose module fails to import) is shown as a clear placeholder, so the shell always
shows every area.
"""

from __future__ import annotations

from tatausaha.ui.registry import PageSpec, nav_pages

__all__ = ["PageSpec", "nav_pages"]
