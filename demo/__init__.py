"""`python -m bot demo`: the real bot in the terminal against the built-in sandbox tracker."""
