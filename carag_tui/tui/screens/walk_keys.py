"""The keys of the walk, each with an id (the config's keymap remaps by id) and a tooltip (the
help screen is generated from them)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

WALK_KEYS: list[BindingType] = [
    Binding("y", "answer('yes')", "Yes", id="answer_yes", tooltip="Answer yes and move on"),
    Binding("n", "answer('no')", "No", id="answer_no", tooltip="Answer no and move on"),
    Binding("a", "answer('na')", "N/A", id="answer_na",
            tooltip="Answer not applicable (where the question allows it)"),
    # Leave and Help come next, so that a narrow footer (60 columns) still shows them.
    Binding("q", "leave", "Leave", id="leave", tooltip="Save and leave the case"),
    # ? first: the footer shows it, and F1 where ? types (in or out of a typed field).
    Binding("question_mark,f1", "app.help", "Help", id="help",
            tooltip="Every key on this screen"),
    *[
        Binding(str(d), f"choose({d})", f"Choice {d}", show=False, id=f"choose_{d}",
                tooltip=f"Pick option {d} (tick it in several-choice questions)")
        for d in range(1, 10)
    ],
    Binding("0", "choose(0)", "Choice 0", show=False, id="choose_0",
            tooltip="The second digit of an option's code (10, 20 …) in long lists"),
    Binding("enter", "back_to_field", "Answer", id="back_to_field", key_display="⏎",
            tooltip="Back into the typed-answer field (any printable key goes in as well)"),
    Binding("enter", "confirm", "Confirm", show=False, id="confirm",
            tooltip="Confirm a typed answer or the ticked options; "
                    "on an answered question, move on"),
    Binding("k,up", "step(-1)", "Prev", id="previous", tooltip="Previous applicable question"),
    Binding("j,down", "step(1)", "Next", id="next", tooltip="Next applicable question"),
    Binding("left_square_bracket", "key_step(-1)", "Prev KQ", show=False,
            id="previous_key_question", tooltip="First question of the previous key question"),
    Binding("right_square_bracket", "key_step(1)", "Next KQ", show=False,
            id="next_key_question", tooltip="First question of the next key question"),
    Binding("g,ctrl+g", "goto", "Go to", show=False, id="goto",
            tooltip="Go to a question by id (ctrl+g also from a typed-answer field)"),
    Binding("o", "overview", "Overview", id="overview",
            tooltip="Every applicable question with its answer"),
    Binding("e", "edit_note", "Note", id="edit_note",
            tooltip="Edit the note for this question (Esc saves and leaves it)"),
    Binding("pageup", "scroll_guidance(-1)", "Guidance ↑", show=False, id="guidance_up",
            tooltip="Scroll the guidance up"),
    Binding("pagedown", "scroll_guidance(1)", "Guidance ↓", show=False, id="guidance_down",
            tooltip="Scroll the guidance down"),
    Binding("w", "page_weigh", "Weigh ↓", id="weigh_page",
            tooltip="At a summary judgement: the next page of the answers to weigh"),
    Binding("t", "toggle_guidance", "Guidance", show=False, id="toggle_guidance",
            tooltip="Hide or show the guidance (more room on small terminals)"),
    Binding("x", "clear_answer", "Clear", show=False, id="clear_answer",
            tooltip="Remove the answer to this question"),
    Binding("m", "next_gap", "Next gap", show=False, id="next_gap",
            tooltip="The next question still unanswered"),
    Binding("d", "edit_details", "Details", show=False, id="edit_details",
            tooltip="Correct the case's reference (renames the file), unit or assessor"),
    Binding("u,ctrl+z", "undo", "Undo", show=False, id="undo",
            tooltip="Take back the last change of an answer or note (again: the one before)"),
    Binding("ctrl+s", "save", "Save", show=False, id="save", tooltip="Save now (retry)"),
    Binding("escape", "leave_field", "Back", show=False, id="leave_field",
            tooltip="Leave the note or the typed answer"),
    Binding("p", "practice_example", "Example", show=False, id="practice_example",
            tooltip="Mark this question's note as a practice example: good, poor, none"),
    Binding("r", "reply_query", "Reply", id="reply_query",
            tooltip="Reply to the reviewer's query on this question"),
]
