"""News ingestion: read, clean, date, de-duplicate and store articles."""
