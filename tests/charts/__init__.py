"""Tests of qpanalysis.charts."""
