"""The SPJ area's pages (not built yet: a placeholder page)."""
