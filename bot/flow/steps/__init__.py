"""The steps of a flow: a param, a form, the preview and its confirmation."""
