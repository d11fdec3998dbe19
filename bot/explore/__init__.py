"""The buyer's day: money at a glance, entity cards with their numbers, reports to move
through (periods, drill-downs, filters, trends), finding things by name.

The numbers are computed here into small models (`figures`, `model`) that the text
renderers in `bot.render` read, so another renderer (Telegram's rich messages) can be added
without touching the numbers.
"""
