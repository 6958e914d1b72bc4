"""SPJ (surat pertanggungjawaban keuangan): declared, not built yet — see ``area.py``."""
