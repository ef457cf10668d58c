"""The one error a host reports for a request it will not run."""

from __future__ import annotations

from typing import Any, NoReturn

import numpy as np


class ProtocolError(ValueError):
    """A request the server will not run; `field` is a dotted path into the request."""

    def __init__(self, code: str, field: str | None, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        self.message = message


# A diverged step is blamed on the learning rate, the setting that usually causes it.
DIVERGED_FIELD = "config.learningRate"


def invalid(field: str, message: str) -> NoReturn:
    raise ProtocolError("invalid_request", field, f"{field}: {message}")


def limit_exceeded(field: str, message: str) -> NoReturn:
    raise ProtocolError("limit_exceeded", field, f"{field}: {message}")


# Error messages quote what a client sent, cut to about this many characters.
QUOTE_MAX = 60


def shown(value: Any) -> str:
    """A client's value as an error message quotes it: its repr, cut short."""
    if isinstance(value, str):
        if len(value) <= QUOTE_MAX:
            return repr(value)
        return f"{value[:QUOTE_MAX]!r}... ({len(value)} characters)"
    if isinstance(value, np.ndarray) or (isinstance(value, list | dict) and len(value) > 8):
        return kind_of(value)
    text = repr(value)
    return text if len(text) <= QUOTE_MAX else text[:QUOTE_MAX] + "..."


def shown_key(name: str) -> str:
    """A client's object key as a field path names it, cut short."""
    return name if len(name) <= QUOTE_MAX else name[:QUOTE_MAX] + "..."


def kind_of(value: Any) -> str:
    """What a JSON value is, as error messages name it ("a string", "null", ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, np.ndarray):
        return "an array from the binary payload"
    return "a number"
