"""The staff area's pages (not built yet: a placeholder page)."""
