"""Help generated from bindings, remapping keys from the config, themes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from carag_tui.config import Config
from carag_tui.tui.app import make_app
from carag_tui.tui.screens.help import HelpScreen, bindings_table
from carag_tui.tui.screens.overview import OverviewScreen

from .helpers import make_case


def rendered_text(renderable) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


async def test_help_lists_every_walk_key(tmp_path: Path) -> None:
    path = make_case(
        tmp_path,
        "UW-1",
        "unpaid-work-2019",  # at a yes/no question
        {"org": "crc", "other_requirements": "yes"},
    )
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        bindings = {b.binding.id for b in app.screen.active_bindings.values()}
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = rendered_text(bindings_table(app.screen.below))
        for ident in ("answer_yes", "answer_no", "previous", "next", "edit_note", "overview"):
            assert ident in bindings
            assert ident in text
        assert "Answer yes and move on" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_keymap_from_config_remaps_by_binding_id(tmp_path: Path) -> None:
    path = make_case(tmp_path, "UW-1", "unpaid-work-2019")
    app = make_app(case_path=path, config=Config(keymap={"overview": "v"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        assert not isinstance(app.screen, OverviewScreen)
        await pilot.press("v")
        assert isinstance(app.screen, OverviewScreen)


@pytest.mark.parametrize(
    "theme", ["carag-dark", "carag-light", "carag-high-contrast", "carag-ansi"]
)
async def test_bundled_themes_load(tmp_path: Path, theme: str) -> None:
    path = make_case(tmp_path, "UW-1", "unpaid-work-2019")
    app = make_app(case_path=path, theme=theme)
    async with app.run_test(size=(80, 24)):
        assert app.theme == theme


async def test_unknown_and_broken_themes_fall_back_with_a_notice(
    tmp_path: Path, carag_home: Path
) -> None:
    themes = carag_home / "config" / "themes"
    themes.mkdir(parents=True)
    (themes / "bad.toml").write_text('name = "bad"\nprimary = "not-a-colour"\n')
    path = make_case(tmp_path, "UW-1", "unpaid-work-2019")
    app = make_app(case_path=path, theme="no-such-theme")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "carag-dark"
        messages = " ".join(n.message for n in app._notifications)
        assert "no-such-theme" in messages
        assert "bad.toml" in messages


async def test_no_color_uses_the_ansi_theme(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    path = make_case(tmp_path, "UW-1", "unpaid-work-2019")
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)):
        assert app.theme == "carag-ansi"


async def test_command_palette_offers_the_walk_actions(tmp_path: Path) -> None:
    from textual.command import CommandPalette

    from carag_tui.tui.screens.report import ReportScreen

    path = make_case(tmp_path, "UW-1", "unpaid-work-2019")
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Go to question", "Case overview", "Edit note", "Report", "Theme"):
            assert any(title.lower() in t.lower() for t in titles), title
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"report", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
