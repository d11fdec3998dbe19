"""Keitaro Telegram bot: manage a Keitaro tracker from chat through its Admin API."""

__version__ = "0.1.0"
