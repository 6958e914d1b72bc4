"""The application layer: the composition root — the installed areas, set-up, demo, maintenance."""
