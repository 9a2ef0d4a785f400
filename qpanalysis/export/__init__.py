"""Step 3b: write the tables to files that spreadsheet programs open safely (xlsx, CSV, progress templates)."""
