"""Tests of qpanalysis.ingest."""
