"""Presenters: render analysis results; they never compute them."""
