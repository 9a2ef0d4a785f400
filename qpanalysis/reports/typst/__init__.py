"""Typst source of the A4 PDFs: text as strings, Markdown, tables from the display table model, figures, the document and its compiler."""
