"""`carag history`: each answer's history from real git, including what a clone cannot see."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.test_team_git import CASE, git, make_clash, make_team, share

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def team(tmp_path, carag):
    return make_team(tmp_path, carag)


def changes(carag, path, *qids):
    result = carag("history", path, *qids, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_history_names_who_changed_each_answer_and_the_commit_message(team, carag):
    alice, bob = team
    share(carag, alice, "U1.1=no", message="U1.1: no diversity form on file")
    git(alice, "push", "-q", "origin", "main")
    share(carag, bob, "U1.3=yes", message="U1.3 after reading the plan")
    assert git(bob, "pull", "--no-rebase", "-q", "origin", "main", check=False).returncode == 0
    share(carag, bob, "U1.1=yes", message="U1.1: the form was in the annex")
    found = changes(carag, bob / CASE, "U1.1")["changes"]
    assert [(c["who"], c["old"], c["new"], c["message"]) for c in found] == [
        ("Alice", None, "no", "U1.1: no diversity form on file"),
        ("Bob", "no", "yes", "U1.1: the form was in the annex"),
    ]  # the clean merge in between is not a change of U1.1
    text = carag("history", bob / CASE, "U1.1", "U1.3").out
    assert "U1.1  Does assessment consider the service user's diversity" in text
    assert 'Alice: (no answer) → no  "U1.1: no diversity form on file"' in text
    assert 'Bob: no → yes  "U1.3 after reading the plan"' in text
    assert "U1.4" not in text


def test_a_clash_resolved_in_the_merge_commit_is_the_mergers_change(team, carag):
    alice, bob = team
    make_clash(carag, alice, bob)
    text = (bob / CASE).read_text()
    text = text.replace('"U1.1" = "yes"', '"U1.1" = "na"').split("\n[conflicts]")[0] + "\n"
    (bob / CASE).write_text(text)
    git(bob, "commit", "-qam", "Merge: U1.1 is n/a after all")
    last = changes(carag, bob / CASE, "U1.1")["changes"][-1]
    assert (last["who"], last["new"], last["merge"]) == ("Bob", "na", True)


def test_uncommitted_answers_are_shown_apart(team, carag):
    alice, _ = team
    assert carag("set", alice / CASE, "U1.3=yes").code == 0
    data = changes(carag, alice / CASE, "U1.3")
    assert data["uncommitted"] == [{"id": "U1.3", "old": "no", "new": "yes"}]
    assert "not committed yet: no → yes" in carag("history", alice / CASE, "U1.3").out


def test_a_shallow_clone_says_what_history_it_cannot_see(team, tmp_path, carag):
    alice, _ = team
    share(carag, alice, "U1.1=no", message="second")
    git(alice, "push", "-q", "origin", "main")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{tmp_path / 'remote.git'}", str(shallow))
    data = changes(carag, shallow / CASE, "U1.1")
    assert data["commits"] == 1
    assert data["changes"][0]["first_seen"] and data["changes"][0]["new"] == "no"
    assert "not in this shallow clone: `git fetch --unshallow`" in data["not_seen"][0]
    text = carag("history", shallow / CASE, "U1.1").out
    assert "Alice: first seen as no" in text and "not seen: history before" in text


def test_a_partial_clone_offline_says_which_versions_it_has_not_fetched(team, tmp_path, carag):
    alice, _ = team
    share(carag, alice, "U1.1=no", message="second")
    git(alice, "push", "-q", "origin", "main")
    remote = tmp_path / "remote.git"
    git(remote, "config", "uploadpack.allowFilter", "true")
    partial = tmp_path / "partial"
    git(tmp_path, "clone", "-q", "--filter=blob:none", f"file://{remote}", str(partial))
    remote.rename(tmp_path / "away.git")  # the server out of reach
    data = changes(carag, partial / CASE)
    assert data["commits"] == 2
    assert "has not fetched" in " ".join(data["not_seen"])


def test_history_of_a_file_outside_git_says_so(tmp_path, carag):
    (tmp_path / CASE).write_text("x = 1\n")
    result = carag("history", tmp_path / CASE)
    assert result.code == 1 and "is not in a git repository" in result.err
