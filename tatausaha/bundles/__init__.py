"""The auditor's bundles: a scope turned into a BagIt bag that proves itself (``docs/bundles.md``).

* :mod:`tatausaha.bundles.types` — what an area's exporter (``Area.bundle_exporter``) hands over;
* :mod:`tatausaha.bundles.service` — what a scope holds, the export, the history of handed-over bundles;
* :mod:`tatausaha.bundles.bag` — writing the bag (ZIP or folder; temporary name, renamed when complete);
* :mod:`tatausaha.bundles.verify` — checking one, with no database.
"""
