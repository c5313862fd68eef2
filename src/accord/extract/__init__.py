"""Extraction: actors, attributed quotes, PLOVER events and stances from stored articles, with their evidence."""
