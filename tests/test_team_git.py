"""Teamwork in real git: a bare remote, two clones with different user.names, carag's driver."""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

CASE = "DEMO-UW-01.toml"


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=check)


@pytest.fixture
def team(tmp_path, carag):
    """Alice's and Bob's clones of one bare remote holding a case; both ran `carag init`."""
    return make_team(tmp_path, carag)


def make_team(tmp_path: Path, carag) -> tuple[Path, Path]:
    """The `team` fixture's clones (other test modules build theirs with it)."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    clones = {}
    for name in ("alice", "bob"):
        clone = tmp_path / name
        git(tmp_path, "clone", "-q", str(remote), str(clone))
        git(clone, "checkout", "-q", "-B", "main")
        git(clone, "config", "user.name", name.title())
        git(clone, "config", "user.email", f"{name}@example.org")
        clones[name] = clone
    alice = clones["alice"]
    assert carag("init", alice).code == 0
    text = (REPO / "cases" / CASE).read_text()  # U1.1 left unanswered, to be answered apart
    (alice / CASE).write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith('"U1.1"')) + "\n"
    )
    git(alice, "add", "-A")
    git(alice, "commit", "-qm", "first case")
    git(alice, "push", "-q", "origin", "main")
    bob = clones["bob"]
    git(bob, "pull", "-q", "origin", "main")
    assert carag("init", bob).code == 0
    return alice, bob


def answers(path: Path) -> dict:
    return tomllib.loads(path.read_text())["answers"]


def share(carag, clone: Path, *assignments: str, message: str = "answers") -> None:
    assert carag("set", clone / CASE, *assignments).code == 0
    git(clone, "commit", "-qam", message)


def make_clash(carag, alice: Path, bob: Path) -> None:
    """Alice and Bob change U1.1 apart; Bob's pull (a merge) leaves it clashed."""
    share(carag, alice, "U1.1=no")
    git(alice, "push", "-q", "origin", "main")
    share(carag, bob, "U1.1=yes")
    git(bob, "pull", "--no-rebase", "-q", "origin", "main", check=False)


def test_init_is_idempotent_and_ignores_locks(tmp_path, carag):
    folder = tmp_path / "ws"
    first = carag("init", folder)
    assert first.code == 0 and "git repository created" in first.out
    again = carag("init", folder)
    assert again.code == 0 and "already set up" in again.out
    assert (folder / ".gitattributes").read_text().count("merge=carag") == 1
    (folder / ".X.toml.lock").write_text("{}")
    assert git(folder, "status", "--porcelain").stdout == "?? .gitattributes\n?? .gitignore\n"
    assert "merge-file %O %A %B %P" in git(folder, "config", "merge.carag.driver").stdout


def test_different_answers_of_one_case_merge_cleanly(team, carag):
    alice, bob = team
    share(carag, alice, "U1.1=no")
    git(alice, "push", "-q", "origin", "main")
    share(carag, bob, "U1.3=yes", "--note", "U1.3=Seen in the plan")
    done = git(bob, "pull", "--no-rebase", "-q", "origin", "main", check=False)
    assert done.returncode == 0, done.stderr
    merged = answers(bob / CASE)
    assert merged["U1.1"] == "no" and merged["U1.3"] == "yes"
    text = (bob / CASE).read_text()
    assert "# Does assessment consider the service user's diversity" in text
    assert "<<<<<<<" not in text and "[conflicts]" not in text


def test_the_same_answer_changed_apart_is_a_clash_recorded_as_data(team, carag):
    alice, bob = team
    share(carag, alice, "U1.1=no")
    git(alice, "push", "-q", "origin", "main")
    share(carag, bob, "U1.1=yes", "U1.3=yes")
    done = git(bob, "pull", "--no-rebase", "-q", "origin", "main", check=False)
    assert done.returncode != 0
    assert git(bob, "diff", "--name-only", "--diff-filter=U").stdout.split() == [CASE]
    data = tomllib.loads((bob / CASE).read_text())  # still valid TOML, no markers
    clash = data["conflicts"]["U1.1"]
    assert (clash["ours"], clash["ours_by"]) == ("yes", "Bob")
    assert (clash["theirs"], clash["theirs_by"]) == ("no", "Alice")
    assert "ours_at" in clash and "theirs_at" in clash
    assert data["answers"]["U1.3"] == "yes"


def test_notes_on_both_sides_keep_both_texts(team, carag):
    alice, bob = team
    share(carag, alice, "--note", "U1.1=Alice saw the diversity form", "U1.1=yes")
    git(alice, "push", "-q", "origin", "main")
    share(carag, bob, "--note", "U1.1=Bob read OASys section 2", "U1.1=yes")
    assert git(bob, "pull", "--no-rebase", "-q", "origin", "main", check=False).returncode == 0
    note = tomllib.loads((bob / CASE).read_text())["notes"]["U1.1"]
    assert "Alice saw the diversity form" in note and "Bob read OASys section 2" in note


def test_header_field_on_one_side_and_answers_on_the_other(team, carag):
    alice, bob = team
    text = (alice / CASE).read_text().replace('unit = "Cornwall"', 'unit = "Devon"')
    (alice / CASE).write_text(text)
    git(alice, "commit", "-qam", "unit")
    git(alice, "push", "-q", "origin", "main")
    share(carag, bob, "U1.3=yes")
    assert git(bob, "pull", "--no-rebase", "-q", "origin", "main", check=False).returncode == 0
    data = tomllib.loads((bob / CASE).read_text())
    assert data["unit"] == "Devon" and data["answers"]["U1.3"] == "yes"
    assert 'unit = "Devon" # grouping label' in (bob / CASE).read_text()


def test_rebase_uses_the_driver_too(team, carag):
    alice, bob = team
    share(carag, alice, "U1.1=no")
    git(alice, "push", "-q", "origin", "main")
    share(carag, bob, "U1.3=yes")
    done = git(bob, "pull", "--rebase", "-q", "origin", "main", check=False)
    assert done.returncode == 0, done.stderr
    merged = answers(bob / CASE)
    assert merged["U1.1"] == "no" and merged["U1.3"] == "yes"


def test_a_clash_in_a_rebase_names_who_changed_each_side(team, carag):
    alice, bob = team
    share(carag, alice, "U1.1=no")
    git(alice, "push", "-q", "origin", "main")
    share(carag, bob, "U1.1=yes")
    assert git(bob, "pull", "--rebase", "-q", "origin", "main", check=False).returncode != 0
    clash = tomllib.loads((bob / CASE).read_text())["conflicts"]["U1.1"]
    # In a rebase git's "ours" is what is rebased onto (Alice's), "theirs" Bob's replayed commit.
    assert (clash["ours"], clash["ours_by"]) == ("no", "Alice")
    assert (clash["theirs"], clash["theirs_by"]) == ("yes", "Bob")


def test_a_case_added_on_both_sides(team, carag):
    alice, bob = team
    for clone, answer in ((alice, "yes"), (bob, "no")):
        text = (clone / CASE).read_text().replace("DEMO-UW-01", "NEW-1")
        (clone / "NEW-1.toml").write_text(text.replace('"U1.3" = "no"', f'"U1.3" = "{answer}"'))
        git(clone, "add", "NEW-1.toml")
        git(clone, "commit", "-qm", "new case")
    git(alice, "push", "-q", "origin", "main")
    assert git(bob, "pull", "--no-rebase", "-q", "origin", "main", check=False).returncode != 0
    data = tomllib.loads((bob / "NEW-1.toml").read_text())
    assert data["conflicts"]["U1.3"]["ours"] == "no"
    assert data["conflicts"]["U1.3"]["theirs"] == "yes"


def test_a_file_that_does_not_parse_falls_back_to_gits_text_merge(team, carag):
    alice, bob = team
    (alice / CASE).write_text((alice / CASE).read_text() + "broken = [\n")
    git(alice, "commit", "-qam", "broken")
    git(alice, "push", "-q", "origin", "main")
    share(carag, bob, "U1.3=yes")
    git(bob, "pull", "--no-rebase", "-q", "origin", "main", check=False)
    text = (bob / CASE).read_text()
    assert "broken = [" in text  # git's merge of the lines, carag changed nothing
    assert "[conflicts]" not in text


def test_a_clone_without_carag_init_is_told_by_carag_new(team, tmp_path, carag):
    alice, _ = team
    plain = tmp_path / "plain"
    git(tmp_path, "clone", "-q", str(tmp_path / "remote.git"), str(plain))
    result = carag("new", "NEW-2", "--guide", "unpaid-work-2019", "--dir", plain)
    assert result.code == 0
    assert "run `carag init" in result.err
    quiet = carag("new", "NEW-3", "--guide", "unpaid-work-2019", "--dir", alice)
    assert quiet.code == 0 and "carag init" not in quiet.err


def test_textconv_diff_reads_like_a_review(team, carag):
    alice, _ = team
    assert carag("set", alice / CASE, "U1.3=yes").code == 0
    diff = git(alice, "diff").stdout
    assert "-U1.3 = no    (Does unpaid work build upon the service user's strengths" in diff
    assert "+U1.3 = yes    (Does unpaid work build upon the service user's strengths" in diff
    assert "[answers]" not in diff


def test_carag_check_names_a_clash_and_fails(team, carag):
    alice, bob = team
    make_clash(carag, alice, bob)
    text = carag("check", bob / CASE)
    assert text.code == 1 and "both sides of a git merge changed U1.1: yes (Bob" in text.out
    result = carag("check", bob / CASE, "--format", "json")
    assert result.code == 1
    clash = json.loads(result.out)["files"][0]["conflicts"][0]
    assert (clash["id"], clash["ours"], clash["theirs"]) == ("U1.1", "yes", "no")
    assert clash["theirs_by"] == "Alice"


def test_doctor_on_a_clone_without_carag_init_and_after_a_clash(team, tmp_path, carag, monkeypatch):
    alice, bob = team
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-config"))
    assert carag("doctor", alice).code == 0
    plain = tmp_path / "plain"
    git(tmp_path, "clone", "-q", str(tmp_path / "remote.git"), str(plain))
    result = carag("doctor", plain)
    assert result.code == 1
    assert "merge.carag.driver is not set in this clone: run `carag init" in result.out
    assert "user.name is not set" in result.out
    (plain / ".X.toml.lock").write_text("{}")
    git(plain, "add", "-f", ".X.toml.lock")
    assert "is tracked by git" in carag("doctor", plain).out
    make_clash(carag, alice, bob)
    found = carag("doctor", bob)
    assert found.code == 1 and "both sides of a merge changed U1.1" in found.out
    assert "an unfinished git merge" in found.out
    assert tomllib.loads((bob / CASE).read_text())["conflicts"]  # nothing lost


def test_doctor_names_a_driver_whose_python_is_gone_and_init_fixes_it(tmp_path, carag):
    folder = tmp_path / "ws"
    assert carag("init", folder).code == 0
    git(
        folder,
        "config",
        "merge.carag.driver",
        "/no/such/venv/bin/python -m carag_tui.cli merge-file %O %A %B %P",
    )
    found = carag("doctor", folder)
    assert found.code == 1
    assert "merge.carag.driver names a Python that is not there any more" in found.out
    assert "run `carag init" in found.out
    assert carag("init", folder).code == 0
    assert "names a Python" not in carag("doctor", folder).out
