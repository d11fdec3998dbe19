"""What a running flow keeps in FSM storage (JSON only, so it survives restarts and Redis)."""

from __future__ import annotations

import secrets
from typing import Any, Literal

from pydantic import BaseModel, Field

from bot.keitaro.catalog import Action, Param

FLOW_KEY = "flow"


class FlowData(BaseModel):
    nonce: str = Field(default_factory=lambda: secrets.token_urlsafe(4))
    action: str
    args: dict[str, Any] = Field(default_factory=dict)
    asked: list[str] = Field(default_factory=list)  # params answered in this flow, in order
    mode: Literal["buttons", "command"] = "buttons"
    prompt_id: int | None = None  # the message holding the current question or preview
    # the preview shown: the fingerprint of the arrays the change was planned on, the text to
    # type to confirm (a clean of every campaign), the journal entry being undone
    expect: str | None = None
    retype: str | None = None
    undo_of: int | None = None
    danger: str | None = None  # the level the previewed change amounts to (its permission)
    # the request the preview showed, built once and sent as it is at Confirm (no secrets:
    # the transport adds them; `PreparedRequest.as_json`)
    request: dict[str, Any] | None = None
    # a form filling the JSON data field by field (`bot.flow.form`): the values so far, the
    # field being asked, and a count of its turns (every turn makes older buttons stale)
    form: dict[str, Any] | None = None
    field: str | None = None
    turn: int = 0
    adding: bool = False  # a shares editor picking an item to add
    built: list[str] = Field(default_factory=list)  # arrays a form's own editor built
    editor: dict[str, Any] = Field(default_factory=dict)  # the filter editor's place in it
    # a pick-list narrowed by typed words, and what it is listed under (a stream's campaign,
    # a group's kind), picked first
    search: str | None = None
    pick_scope: dict[str, Any] = Field(default_factory=dict)

    @property
    def step(self) -> int:
        """Changes with every answer and every step back: ties buttons to one question."""
        return len(self.args) + self.turn


def next_param(action: Action, flow: FlowData) -> Param | None:
    """The next param to ask: required ones always; optional ones only in the button flow."""
    for param in action.params:
        if param.name in flow.args:
            continue
        if param.required or flow.mode == "buttons":
            return param
    return None


def remaining(action: Action, flow: FlowData) -> int:
    return sum(
        1 for p in action.params
        if p.name not in flow.args and (p.required or flow.mode == "buttons")
    )
