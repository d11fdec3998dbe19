"""Masking of secrets: in envelopes, previews, the journal, log records and exception text."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

MASK = "••••"
SENSITIVE_KEYS = frozenset(
    {
        "api_key",
        "api-key",
        "avscan_key",
        "new_password",
        "new_password_confirmation",
        "password",
        "postback_key",
        "secret",
        "token",
        "hide_click_key",
    }
)


def mask_secret(value: str) -> str:
    """`ab12cd34ef56…` → `ab12…••••`: enough to tell keys apart, never enough to use one."""
    if len(value) >= 12:
        return f"{value[:4]}…{MASK}"
    return MASK


def mask_fields(value: Any) -> Any:
    """A copy of a JSON value with the values of sensitive keys masked, at any depth."""
    if isinstance(value, dict):
        return {
            k: (mask_secret(str(v)) if str(k).lower() in SENSITIVE_KEYS and v else mask_fields(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [mask_fields(v) for v in value]
    return value


class Redactor:
    """Replaces every known secret in a text by its masked form."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        self._secrets: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None
        self.add(*secrets)

    def add(self, *secrets: str | None) -> None:
        for secret in secrets:
            # very short values would mask ordinary words; settings forbid such keys anyway
            if secret and len(secret) >= 4:
                self._secrets[secret] = mask_secret(secret)
        if self._secrets:
            alternatives = sorted(self._secrets, key=len, reverse=True)
            self._pattern = re.compile("|".join(re.escape(s) for s in alternatives))

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(lambda m: self._secrets[m.group(0)], text)

    def value(self, value: Any) -> Any:
        """Scrub every string inside a JSON value."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            return {self(str(k)): self.value(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v) for v in value]
        return value


class RedactingFilter(logging.Filter):
    """Logging filter that scrubs secrets from the formatted message and exception text."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
            record.exc_text = None
        if record.stack_info:
            message += "\n" + record.stack_info
            record.stack_info = None
        record.msg = self.redactor(message)
        record.args = None
        return True


def install_log_redaction(redactor: Redactor) -> RedactingFilter:
    """Scrub every record that reaches any handler of the root logger."""
    flt = RedactingFilter(redactor)
    root = logging.getLogger()
    for handler in root.handlers:
        handler.addFilter(flt)
    root.addFilter(flt)
    return flt
