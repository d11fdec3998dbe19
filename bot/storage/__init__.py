"""Storage: conversation state, stored results, the audit journal; SQLite or Redis."""
