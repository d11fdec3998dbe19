"""The flow engine shared by every group: ask for params, preview, confirm, run, reply."""
