"""The app shows control characters from a case file escaped (`\\x1b`), never raw: in the
workspace list, the walk's header, a text answer and a note."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from carag_tui.tui.app import make_app
from carag_tui.tui.screens.walk import WalkScreen
from carag_tui.tui.screens.workspace import WorkspaceScreen
from carag_tui.tui.widgets.case_list import CaseList

from .helpers import make_case

RAW = ("\x1b", "\x07", "\x9b")


def hostile(folder: Path) -> Path:
    path = make_case(folder, "EVIL-1", "unpaid-work-2019", {"org": "crc"})
    text = path.read_text(encoding="utf-8")
    text = text.replace('case = "EVIL-1"', 'case = "EVIL\\u001b[2J-1"')
    text = text.replace('unit = "Dorset"', 'unit = "\\u001b]0;pwned\\u0007Devon\\u009b2J"')
    text = text.replace("[notes]", '[notes]\nother_requirements = "see \\u001b[8mhidden"', 1)
    path.write_text(text, encoding="utf-8")
    return path


def shown(screen) -> str:
    """Every Static's text and every line the case list draws on the screen."""
    parts = [str(widget.render()) for widget in screen.query(Static)]
    for table in screen.query(CaseList):
        for y in range(table.row_count + 1):
            parts.append("".join(segment.text for segment in table.render_line(y)))
    return "\n".join(parts)


async def test_the_workspace_and_the_walk_show_control_characters_escaped(tmp_path):
    folder = tmp_path / "cases"
    hostile(folder)
    app = make_app(workspace=folder)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, WorkspaceScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = shown(app.screen)
        assert "pwned" in text and "\\x1b" in text, text
        assert not any(raw in text for raw in RAW), text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        text = shown(app.screen)
        assert "EVIL\\x1b[2J-1" in text and "hidden" in text, text
        assert not any(raw in text for raw in RAW), text


async def test_a_note_being_edited_draws_control_characters_as_pictures_and_keeps_them(tmp_path):
    from carag_tui.tui.widgets.note_editor import NoteEditor

    from .helpers import on_disk

    path = hostile(tmp_path / "cases")
    app = make_app(case_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, WalkScreen)
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen.query_one(NoteEditor)
        drawn = "".join(
            segment.text for y in range(editor.size.height) for segment in editor.render_line(y)
        )
        assert "\u241b[8mhidden" in drawn, drawn
        assert not any(raw in drawn for raw in RAW), drawn
        await pilot.press("end", "space", "o", "k", "escape")
        await pilot.pause()
    assert on_disk(path)["notes"]["other_requirements"].startswith("see \x1b[8mhidden")
