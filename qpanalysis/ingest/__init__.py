"""Step 1: read a task list file, parse its fields, and build the validated tables of a TaskList."""
