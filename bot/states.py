"""FSM states of the conversation."""

from aiogram.fsm.state import State, StatesGroup


class Flow(StatesGroup):
    """A catalog action being prepared: asking for its params, then confirming a write."""

    step = State()
    confirm = State()
