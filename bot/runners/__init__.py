"""Ways to run the bot: long polling, webhook server, terminal demo."""
