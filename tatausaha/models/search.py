"""Models of the search area (filled by its issue)."""

from __future__ import annotations
