"""The names of this app's own files inside a bundle (bag-relative paths)."""

from __future__ import annotations

DATA = "data/"
TABLE_OF_CONTENTS = "daftar_isi.pdf"
HANDOVER = "berita_acara_serah_terima.pdf"
MANIFEST_JSON_NAME = "manifest.json"
MANIFEST_CSV_NAME = "manifest.csv"
AUDIT_ROWS_NAME = "jejak_audit.jsonl"
AUDIT_ANCHOR_NAME = "jejak_audit_jangkar.json"
DOCUMENTS = "dokumen"
#: a plain-language tag file beside bagit.txt: three ways to check the bundle without this app
HOW_TO_CHECK = "CARA-MEMERIKSA.txt"

MANIFEST_JSON = DATA + MANIFEST_JSON_NAME
MANIFEST_CSV = DATA + MANIFEST_CSV_NAME
AUDIT_ROWS = DATA + AUDIT_ROWS_NAME
AUDIT_ANCHOR = DATA + AUDIT_ANCHOR_NAME
