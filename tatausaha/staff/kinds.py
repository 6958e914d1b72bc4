"""The record kinds this area owns, by name (declared to the house in ``area.py``)."""

PEGAWAI = "pegawai"
