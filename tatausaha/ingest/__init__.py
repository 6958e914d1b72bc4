"""The scan folder that files itself (Qt-free).

* ``config`` — office settings (quiet period, size limit, duplicate policy, filename rules) and
  the configured scan folders;
* ``stability`` — ignore rules and the size/mtime quiet-period detector;
* ``validate`` — what a file is, or why it goes to quarantine;
* ``pages`` / ``qr`` / ``ocr`` / ``extract`` / ``records`` / ``identify`` — identification:
  QR code → separator sheets → filename rules → text layer / OCR → Kotak Pindai;
* ``pipeline`` — the crash-safe journal (``ScanItem``): detected → stored → filed | review |
  duplicate | quarantined, the original leaves the scan folder only after the commit;
* ``service`` — ``IngestService``: watchdog observers per folder, rescans, worker threads,
  listeners and counts (the UI wraps it in ``tatausaha.ui.ingest``);
* ``inbox`` — the Kotak Pindai services (list, attach, new surat masuk, page edits, quarantine).
"""
