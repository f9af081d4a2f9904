"""More of a team's days in real git: deletions, guide versions, rebases, a clone without
`carag init`."""

from __future__ import annotations

import io
import shutil
import tomllib

import pytest

from carag_tui.plain import run_plain
from tests.support import Script
from tests.test_team_git import CASE, answers, git, make_team, share

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def team(tmp_path, carag):
    return make_team(tmp_path, carag)


def test_a_case_deleted_on_one_side_and_changed_on_the_other_loses_nothing(team, carag):
    alice, bob = team
    git(alice, "rm", "-q", CASE)
    git(alice, "commit", "-qm", "wrong case: deleted")
    git(alice, "push", "-q", "origin", "main")
    assert carag("set", bob / CASE, "U1.3=yes").code == 0
    result = carag("sync", bob)
    assert result.code == 1
    assert (
        f"left to resolve: {CASE}: deleted by the other side and changed on the other: "
        f"keep it (`git add {CASE}`) or delete it (`git rm {CASE}`)" in result.out
    )
    assert answers(bob / CASE)["U1.3"] == "yes"  # Bob's answers are still on disk
    again = carag("sync", bob)
    assert again.code == 1 and "deleted by the other side" in again.err
    git(bob, "add", CASE)  # keep it
    kept = carag("sync", bob)
    assert kept.code == 0, kept.err
    assert carag("sync", alice).code == 0
    assert answers(alice / CASE)["U1.3"] == "yes"


def test_a_guide_version_changed_on_one_side_merges_and_doctor_names_the_difference(team, carag):
    alice, bob = team
    second = (alice / CASE).read_text().replace("DEMO-UW-01", "DEMO-UW-09")
    (alice / "DEMO-UW-09.toml").write_text(second)
    git(alice, "add", "DEMO-UW-09.toml")
    git(alice, "commit", "-qm", "a second case")
    text = (alice / CASE).read_text()
    version = tomllib.loads(text)["guide_version"]
    (alice / CASE).write_text(
        text.replace(f'guide_version = "{version}"', 'guide_version = "2099.1"')
    )
    git(alice, "commit", "-qam", "reassessed against the new version")
    git(alice, "push", "-q", "origin", "main")
    share(carag, bob, "U1.3=yes")
    assert git(bob, "pull", "--no-rebase", "-q", "origin", "main", check=False).returncode == 0
    data = tomllib.loads((bob / CASE).read_text())
    assert data["guide_version"] == "2099.1" and data["answers"]["U1.3"] == "yes"
    found = carag("doctor", bob)
    assert found.code == 1
    assert "cases of unpaid-work-2019 name different guide versions" in found.out
    assert "2099.1: 1 cases" in found.out


def test_a_clash_in_a_rebase_resolved_in_plain_mode_then_sync_continues_it(team, carag):
    alice, bob = team
    share(carag, alice, "U1.1=no")
    git(alice, "push", "-q", "origin", "main")
    share(carag, bob, "U1.1=yes", message="Bob's U1.1")
    assert git(bob, "pull", "--rebase", "-q", "origin", "main", check=False).returncode != 0
    out = io.StringIO()
    run_plain(bob / CASE, stdin=Script(["2", "quit"]), stdout=out)  # in a rebase 2 is Bob's
    assert "1  No  — the other (rebased onto) (Alice" in out.getvalue()
    assert "2  Yes  — your commit (being replayed) (Bob" in out.getvalue()
    done = carag("sync", bob)
    assert done.code == 0, done.err
    assert "finished the unfinished git rebase" in done.out
    assert git(bob, "log", "-1", "--format=%s").stdout.strip() == "Bob's U1.1"
    assert carag("sync", alice).code == 0
    assert answers(alice / CASE)["U1.1"] == "yes"


def test_a_clone_without_carag_init_keeps_both_sides_and_doctor_says_why(team, tmp_path, carag):
    alice, _ = team
    plain = tmp_path / "plain"
    git(tmp_path, "clone", "-q", str(tmp_path / "remote.git"), str(plain))
    git(plain, "config", "user.name", "Carol")
    git(plain, "config", "user.email", "carol@example.org")
    share(carag, alice, "U1.1=no")
    git(alice, "push", "-q", "origin", "main")
    assert carag("set", plain / CASE, "U1.3=yes").code == 0
    text = (plain / CASE).read_text()
    updated = next(line for line in text.splitlines() if line.startswith("updated = "))
    (plain / CASE).write_text(text.replace(updated, "updated = 2026-01-01T00:00:00Z"))
    git(plain, "commit", "-qam", "U1.3")  # saved at another time than Alice's
    git(plain, "pull", "--no-rebase", "-q", "origin", "main", check=False)  # git's line merge
    text = (plain / CASE).read_text()
    assert "<<<<<<<" in text  # both saves touched `updated`
    assert '"U1.1" = "no"' in text and '"U1.3" = "yes"' in text  # nothing lost
    check = carag("check", plain / CASE)
    assert check.code == 1 and "unresolved git merge conflict" in check.out
    assert carag("set", plain / CASE, "U1.4=no").code == 1  # carag writes nothing to it
    assert (plain / CASE).read_text() == text
    doctor = carag("doctor", plain)
    assert doctor.code == 1
    assert "merge.carag.driver is not set in this clone: run `carag init" in doctor.out
    assert "does not parse (a merge conflict left in it?)" in doctor.out
