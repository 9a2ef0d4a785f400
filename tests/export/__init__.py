"""Tests of qpanalysis.export."""
