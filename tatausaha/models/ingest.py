"""Models of the ingest area (filled by its issue)."""

from __future__ import annotations
