"""Models of the correspondence area (filled by its issue)."""

from __future__ import annotations
