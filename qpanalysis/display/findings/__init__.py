"""Sentences a report states about the loaded list, generated from its tables, one module per report.

Every sentence of a report that states a number, or names a task, town, department,
metric or date, comes from here (``investment``, ``workload``, ``coverage``,
``quality``, ``quarterly``; names and the list's identity in ``identity``, shared words in
``words``): nothing of the bundled list is written into a notebook.
Each ``*_findings`` function returns, per notebook section, a Markdown bullet list; a
sentence that holds only under a condition (one task is more than three quarters of the
total, a due month lies outside the plan year…) appears only when the list meets it.

English names come from ``data/reference/`` (through :mod:`qpanalysis.ingest.reference`);
a task's English name is followed by its Chinese original in brackets, and a name with no
English entry stays Chinese, flagged (the catalogue's ``findings.name.untranslated``).

Text from the list (names, departments, towns, places, quoted cells, the title) enters a
sentence through :func:`qpanalysis.display.markup.md`, directly or through ``name_in``,
``task_ref``, ``section_ref`` and ``metric_ref``: the reports show it as written, and
nothing in it is read as Markdown or HTML.
"""
