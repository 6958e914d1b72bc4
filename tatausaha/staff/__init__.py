"""Kepegawaian (staff records): declared, not built yet — see ``area.py``."""
