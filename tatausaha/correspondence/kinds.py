"""The record kinds this area owns, by name (declared to the house in ``area.py``)."""

SURAT_MASUK = "surat_masuk"
SURAT_KELUAR = "surat_keluar"
DISPOSISI = "disposisi"
REGISTER = "register"  # a printed register (agenda book): its QR names the register, not a record
