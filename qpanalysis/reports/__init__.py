"""Step 5: the notebooks' parameters, the committed-notebook store, and the papermill runner."""
