"""Correspondence: surat masuk, disposisi, surat keluar, lawful numbering, registers, import.

Services (Qt-free, each takes a ``UnitOfWork`` and checks permissions itself):

* ``instansi``   — the sender/addressee directory with aliases and autocomplete
* ``numbering``  — jenis naskah, number templates, atomic counters, the issued-number register
* ``letters``    — surat masuk and surat keluar (register, draft, number, send, cancel, list, show)
* ``disposisi``  — the disposition tree, inbox, status, overdue
* ``registers``  — Buku Agenda Surat Masuk/Keluar, Buku Ekspedisi, XLSX/CSV export
* ``importer``   — import of the registers kept in Excel (dry run, all-or-nothing)
* ``printdata``  — mapping onto ``tatausaha.printing.data`` documents
"""
