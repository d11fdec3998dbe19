"""Rendering: envelopes, previews and errors as short readable HTML within Telegram's limits."""
