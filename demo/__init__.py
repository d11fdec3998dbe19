"""`python -m bot demo`: the real bot in the terminal against the built-in sandbox tracker,
talking to Telegram through an in-process session (`demo.session`)."""

from demo.terminal import run_demo

__all__ = ["run_demo"]
