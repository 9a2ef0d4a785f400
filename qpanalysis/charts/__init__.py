"""Charts: matplotlib figures of the analysis tables."""
