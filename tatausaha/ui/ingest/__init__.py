"""Qt side of the scan folder: ``IngestController`` (service → signals) and preview helpers."""
