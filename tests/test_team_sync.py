"""`carag sync`: commit, pull with carag's merge, push — on real clones of a bare remote."""

from __future__ import annotations

import shutil
import tomllib

import pytest

from tests.test_team_git import CASE, answers, git, make_team

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def team(tmp_path, carag):
    return make_team(tmp_path, carag)


def last_message(clone) -> str:
    return git(clone, "log", "-1", "--format=%an%n%B").stdout


def test_sync_commits_names_the_questions_pulls_and_pushes(team, carag):
    alice, bob = team
    assert carag("set", alice / CASE, "U1.1=no", "--note", "U1.1=No form on file").code == 0
    first = carag("sync", alice)
    assert first.code == 0, first.err
    assert (
        "committed 1 case file(s)" in first.out and "DEMO-UW-01.toml: U1.1, note U1.1" in first.out
    )
    assert "pushed to origin main" in first.out
    assert last_message(alice) == (
        "Alice\ncarag sync: 1 case (DEMO-UW-01)\n\nDEMO-UW-01: U1.1, note U1.1\n\n"
    )
    assert carag("set", bob / CASE, "U1.3=yes").code == 0
    second = carag("sync", bob)
    assert second.code == 0, second.err
    assert (
        "merged from the team: 1 case file(s):\n  DEMO-UW-01.toml: U1.1, note U1.1 "
        "(by Alice)" in second.out
    )
    merged = answers(bob / CASE)
    assert merged["U1.1"] == "no" and merged["U1.3"] == "yes"
    third = carag("sync", alice)
    assert third.code == 0 and "no case changed here" in third.out
    assert answers(alice / CASE)["U1.3"] == "yes"
    assert git(alice, "status", "--porcelain").stdout == ""


def test_a_clash_stops_the_push_and_sync_finishes_the_merge_once_resolved(team, carag):
    alice, bob = team
    assert carag("set", alice / CASE, "U1.1=no").code == 0
    assert carag("sync", alice).code == 0
    assert carag("set", bob / CASE, "U1.1=yes", "U1.4=no").code == 0
    clashed = carag("sync", bob)
    assert clashed.code == 1
    assert "clash: DEMO-UW-01.toml: both sides changed U1.1: `carag open" in clashed.out
    assert "not pushed" in clashed.out
    again = carag("sync", bob)
    assert again.code == 1 and "a git merge is not finished" in again.err
    assert "clash on U1.1" in again.err
    text = (bob / CASE).read_text().split("\n[conflicts]")[0] + "\n"  # keep Bob's answer
    (bob / CASE).write_text(text)
    done = carag("sync", bob)
    assert done.code == 0, done.err
    assert "finished the unfinished git merge" in done.out and "pushed" in done.out
    assert carag("sync", alice).code == 0
    assert answers(alice / CASE)["U1.1"] == "yes" and answers(alice / CASE)["U1.4"] == "no"
    assert "conflicts" not in tomllib.loads((alice / CASE).read_text())


def test_sync_refuses_with_changes_to_files_that_are_not_cases(team, carag):
    alice, _ = team
    (alice / ".gitignore").write_text((alice / ".gitignore").read_text() + "*.bak\n")
    assert carag("set", alice / CASE, "U1.1=no").code == 0
    head = git(alice, "rev-parse", "HEAD").stdout
    refused = carag("sync", alice)
    assert refused.code == 1
    assert "files that are not case files have changes not committed: .gitignore" in refused.err
    assert git(alice, "rev-parse", "HEAD").stdout == head  # nothing committed


def test_sync_refuses_a_case_with_conflict_markers(team, carag):
    alice, _ = team
    (alice / CASE).write_text((alice / CASE).read_text() + "<<<<<<< HEAD\n")
    refused = carag("sync", alice)
    assert refused.code == 1 and "does not parse, so it is not shared" in refused.err


def test_sync_in_a_clone_without_carag_init_refuses(team, tmp_path, carag):
    plain = tmp_path / "plain"
    git(tmp_path, "clone", "-q", str(tmp_path / "remote.git"), str(plain))
    git(plain, "config", "user.name", "Carol")
    git(plain, "config", "user.email", "carol@example.org")
    refused = carag("sync", plain)
    assert refused.code == 1 and "run `carag init" in refused.err


def test_sync_without_a_remote_commits_only(tmp_path, carag):
    folder = tmp_path / "solo"
    assert carag("init", folder).code == 0
    git(folder, "config", "user.name", "Solo")
    git(folder, "config", "user.email", "solo@example.org")
    assert carag("new", "S-1", "--guide", "unpaid-work-2019", "--dir", folder).code == 0
    result = carag("sync", folder)
    assert result.code == 0, result.err
    assert "S-1.toml: new case" in result.out and "no remote" in result.out
    assert ".gitattributes: carag's git set-up" in result.out  # shared with the first case
    assert git(folder, "status", "--porcelain").stdout == ""


def test_the_first_sync_into_an_empty_shared_repository_pushes_the_branch(tmp_path, carag):
    remote = tmp_path / "shared.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    folder = tmp_path / "first"
    assert carag("init", folder).code == 0
    git(folder, "checkout", "-q", "-B", "main")
    git(folder, "config", "user.name", "First")
    git(folder, "config", "user.email", "first@example.org")
    git(folder, "remote", "add", "origin", str(remote))
    assert carag("new", "F-1", "--guide", "unpaid-work-2019", "--dir", folder).code == 0
    result = carag("sync", folder)
    assert result.code == 0, result.err
    assert "pushed to origin main" in result.out
    listed = git(remote, "ls-tree", "-r", "--name-only", "main").stdout.split()
    assert sorted(listed) == [".gitattributes", ".gitignore", "F-1.toml"]
    colleague = tmp_path / "colleague"
    git(tmp_path, "clone", "-q", str(remote), str(colleague))
    assert (colleague / "F-1.toml").exists()


def test_a_colleague_pushing_in_between_makes_sync_pull_again(team, carag):
    alice, bob = team
    assert carag("set", alice / CASE, "U1.1=no").code == 0
    git(alice, "commit", "-qam", "Alice's U1.1")  # pushed by the hook below, mid-sync
    hook = bob / ".git" / "hooks" / "pre-push"
    hook.write_text(
        f"#!/bin/sh\n[ -e {bob}/.raced ] && exit 0\ntouch {bob}/.raced\n"
        f"git -C {alice} push -q origin main\n"
    )
    hook.chmod(0o755)
    assert carag("set", bob / CASE, "U1.3=yes").code == 0
    result = carag("sync", bob)
    assert result.code == 0, result.err
    assert "pushed to origin main" in result.out
    assert "U1.1" in result.out.split("merged from the team")[1]  # pulled on the second try
    assert carag("sync", alice).code == 0
    merged = answers(alice / CASE)
    assert merged["U1.1"] == "no" and merged["U1.3"] == "yes"
