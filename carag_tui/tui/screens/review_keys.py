"""The review screen's keys: agree, query, approve, return, and moving between key questions."""

from __future__ import annotations

from textual.binding import Binding, BindingType

#: The review screen's keys (`ReviewScreen.BINDINGS`), in the footer's order.
REVIEW_KEYS: list[BindingType] = [
    Binding(
        "a",
        "agree",
        "Agree",
        id="review_agree",
        tooltip="Agree with this key question and go to the next",
    ),
    Binding(
        "u",
        "query",
        "Query",
        id="review_query",
        tooltip="Open a query on a question for the assessor",
    ),
    Binding(
        "c",
        "close_query",
        "Close query",
        show=False,
        id="review_close_query",
        tooltip="Close a query of this key question (once answered)",
    ),
    Binding(
        "A",
        "approve",
        "Approve",
        id="review_approve",
        key_display="A",
        tooltip="Approve the case's answers and notes as they are now",
    ),
    Binding(
        "R",
        "return_case",
        "Return",
        id="review_return",
        key_display="R",
        tooltip="Send the case back to its assessor, saying why",
    ),
    Binding(
        "j,right_square_bracket,down",
        "step(1)",
        "Next",
        id="review_next",
        key_display="j",
        tooltip="The next key question",
    ),
    Binding(
        "k,left_square_bracket,up",
        "step(-1)",
        "Prev",
        show=False,
        id="review_previous",
        key_display="k",
        tooltip="The previous key question",
    ),
    Binding(
        "n",
        "next_case",
        "Next case",
        show=False,
        id="review_next_case",
        tooltip="The next case to review",
    ),
    Binding("q,escape", "leave", "Leave", id="review_leave", tooltip="Leave the review"),
]
