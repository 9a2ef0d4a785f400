"""Tests of the reader-facing layer."""
