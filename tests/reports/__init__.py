"""Tests of qpanalysis.reports."""
