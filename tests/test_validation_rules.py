"""The protocol: one test per validation rule, each showing the exact code, field and message.

Every case sends a real JSON frame through `protocol.handle` on one shared `Limits`, checks the
error reply, then checks that the next valid request on the same `Limits` still trains.
"""

from __future__ import annotations

from typing import Any

import pytest
from protocol_support import (
    BASE,
    COLUMNS,
    Path,
    assert_still_works,
    edited,
    send,
)
from validation_cases import CASES

pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.mark.parametrize(
    ("edits", "code", "field", "fragment"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_each_invalid_step_request_gets_a_precise_error(
    edits: list[tuple[Path, Any]], code: str, field: str | None, fragment: str
) -> None:
    reply = send(edited(BASE, *edits))
    assert reply == {
        "type": "error",
        "id": "req-1",
        "code": code,
        "field": field,
        "message": reply["message"],
    }
    assert reply["message"].startswith(f"{field}: ")
    assert fragment in reply["message"], reply["message"]
    assert_still_works()


def test_every_case_passes_once_its_edit_is_undone() -> None:
    """The base request is valid, so each case above fails only because of its edit."""
    assert send(BASE)["type"] == "step_result"
    assert send(edited(BASE, (("data",), COLUMNS)))["type"] == "step_result"
