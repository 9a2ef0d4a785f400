"""Step 3a: what a reader sees: table labels and formats, in Chinese or English, from data/reference/."""
