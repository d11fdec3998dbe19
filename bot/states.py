"""FSM states of the conversation."""

from aiogram.fsm.state import State, StatesGroup


class Flow(StatesGroup):
    """A catalog action being prepared: asking for its params, then confirming a write."""

    step = State()
    confirm = State()


class Explore(StatesGroup):
    """A report waiting for a typed period ("📅 Other…")."""

    period = State()


class AlertRule(StatesGroup):
    """A rule being set up by taps (`handlers/alert_rules.py`): a number to type, or buttons."""

    number = State()
    buttons = State()
