"""A clash from a real git merge, resolved in the app's resolve view and in plain mode."""

from __future__ import annotations

import io
import shutil
import tomllib

import pytest
from textual.widgets import Static

from carag_tui.plain import run_plain
from carag_tui.tui.app import make_app
from carag_tui.tui.screens.resolve import ResolveScreen
from carag_tui.tui.screens.walk import WalkScreen
from tests.support import Script
from tests.test_team_git import CASE, git, make_team, share

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def clashed(tmp_path, carag):
    """Bob's clone after a pull in which Alice and he changed U1.1 apart, and U1.3 (Alice
    answered yes, Bob cleared it)."""
    alice, bob = make_team(tmp_path, carag)
    share(carag, alice, "U1.1=no", "U1.3=yes", "--note", "U1.1=Alice: no diversity form")
    git(alice, "push", "-q", "origin", "main")
    share(carag, bob, "U1.1=yes", "U1.3=", "--note", "U1.1=Bob: form in the annex")
    assert git(bob, "pull", "--no-rebase", "-q", "origin", "main", check=False).returncode
    return alice, bob


def data(path):
    return tomllib.loads(path.read_text())


async def test_the_walk_opens_the_resolve_view_and_one_key_keeps_a_side(clashed, carag):
    _, bob = clashed
    app = make_app(case_path=bob / CASE)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResolveScreen) and screen.clash.id == "U1.1"
        shown = " ".join(str(w.render()) for w in screen.query(Static))
        assert "Does assessment consider the service user's diversity" in shown
        assert "Yes" in str(screen.query_one("#resolve-ours").render())
        assert "Bob" in str(screen.query_one("#resolve-ours").render())
        assert "No" in str(screen.query_one("#resolve-theirs").render())
        assert "Alice" in str(screen.query_one("#resolve-theirs").render())
        note = str(screen.query_one("#resolve-note").render())
        assert "Alice: no diversity form" in note and "Bob: form in the annex" in note
        await pilot.press("2")  # keep Alice's "no"
        await pilot.pause()
        assert isinstance(app.screen, ResolveScreen), str(app.screen.query_one("#status").render())
        assert app.screen.clash.id == "U1.3"
        assert "(no answer)" in str(app.screen.query_one("#resolve-ours").render())
        await pilot.press("1")  # keep Bob's side at U1.3: no answer
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert "`git add DEMO-UW-01.toml`" in str(app.screen.query_one("#status").render())
    after = data(bob / CASE)
    assert after["answers"]["U1.1"] == "no" and "U1.3" not in after["answers"]
    assert "conflicts" not in after
    git(bob, "add", CASE)
    assert git(bob, "commit", "-qm", "resolved", check=False).returncode == 0
    assert carag("check", bob / CASE).code == 0


async def test_escape_leaves_the_clash_for_later_and_nothing_changes(clashed):
    _, bob = clashed
    before = (bob / CASE).read_text()
    app = make_app(case_path=bob / CASE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResolveScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert "2 clash(es) left" in str(app.screen.query_one("#status").render())
    assert (bob / CASE).read_text() == before


def test_plain_mode_offers_each_clash_and_keeps_the_side_typed(clashed, carag):
    alice, bob = clashed
    out = io.StringIO()
    run_plain(bob / CASE, stdin=Script(["guide", "2", "", "quit"]), stdout=out)
    text = out.getvalue()
    assert "Clash at U1.1: Does assessment consider" in text
    assert text.count("(type 'guide' for the full guidance)") >= 1  # its guidance, cut short
    assert "Type 1, 2" not in text  # 'guide' showed all of it, then asked again
    assert "1  Yes  — this copy (Bob" in text and "2  No  — the other (Alice" in text
    assert "Alice: no diversity form" in text
    assert "Kept No at U1.1." in text and "U1.3 left clashed." in text
    assert "1 clash(es) left (U1.3)" in text
    after = data(bob / CASE)
    assert after["answers"]["U1.1"] == "no" and list(after["conflicts"]) == ["U1.3"]
    out = io.StringIO()
    run_plain(bob / CASE, stdin=Script(["1", "quit"]), stdout=out)
    assert "`git add DEMO-UW-01.toml`" in " ".join(out.getvalue().split())
    assert "conflicts" not in data(bob / CASE)
    done = carag("sync", bob)  # sync tells git and finishes the merge
    assert done.code == 0, done.err
    assert carag("sync", alice).code == 0
    assert data(alice / CASE)["answers"]["U1.1"] == "no"


@pytest.mark.tmux
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_resolve_view_in_a_real_terminal(clashed, carag_home):
    from tests.support import Terminal, wait_until

    _, bob = clashed
    with Terminal(["open", str(bob / CASE)], home=carag_home, width=80, height=24) as term:
        screen = term.shows("2  the other")
        assert "Both sides of a git merge changed U1.1" in screen and "Bob" in screen
        term.press("2")
        term.shows("Both sides of a git merge changed U1.3")  # the next clash
        term.press("1")
        term.shows("Every clash in DEMO-UW-01.toml is resolved")
        wait_until(lambda: "conflicts" not in data(bob / CASE), "the clashes resolved on disk")
        term.press("q")
        wait_until(lambda: not term.running(), "carag left")
    after = data(bob / CASE)
    assert after["answers"]["U1.1"] == "no" and "U1.3" not in after["answers"]
