"""Ways to run the bot for real: long polling or a webhook server."""
