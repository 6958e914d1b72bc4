"""tatausaha — records and archive application for a kecamatan's Sub Bagian Tata Usaha."""

__version__ = "0.1.0"
