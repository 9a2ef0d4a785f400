"""Analyses: pure functions from TaskList tables to tables."""
