"""Property test of the merge driver on generated base / ours / theirs answer sets."""

from __future__ import annotations

import os
import tomllib

import pytest
import tomlkit
from hypothesis import given, settings
from hypothesis import strategies as st

from carag_tui.team.merge import Merge

QIDS = [f"U1.{n}" for n in range(1, 7)]
VALUE = st.one_of(st.none(), st.sampled_from(["yes", "no", "na"]))
ANSWERS = st.fixed_dictionaries({qid: VALUE for qid in QIDS})
EXAMPLES = int(os.environ.get("CARAG_PROPERTY_EXAMPLES") or 150)


def case_text(answers: dict[str, str | None], unit: str = "Dorset") -> str:
    doc = tomlkit.document()
    for key, value in (
        ("format", 1),
        ("guide", "unpaid-work-2019"),
        ("case", "P-1"),
        ("unit", unit),
    ):
        doc.add(key, value)
    table = tomlkit.table()
    for qid, value in answers.items():
        if value is not None:
            table.add(qid, value)
            table[qid].comment(f"question {qid}")
    doc.add("answers", table)
    return tomlkit.dumps(doc)


@pytest.mark.parametrize("splice", [True, False], ids=["lines spliced", "through tomlkit"])
@settings(max_examples=EXAMPLES, deadline=None)
@given(ANSWERS, ANSWERS, ANSWERS)
def test_merge_keeps_every_one_sided_change_and_records_every_clash(splice, base, ours, theirs):
    merge = Merge(case_text(base), case_text(ours), case_text(theirs))
    text = merge.result(("Ours", "Theirs"), splice=splice)
    result = tomllib.loads(text)  # the result parses
    got = result.get("answers", {})
    clashes = result.get("conflicts", {})
    for qid in QIDS:
        b, o, t = base[qid], ours[qid], theirs[qid]
        if o == t or t == b:
            expected, clash = o, False
        elif o == b:
            expected, clash = t, False
        else:
            expected, clash = o, True
        assert got.get(qid) == expected, qid
        assert (qid in clashes) == clash, qid
        if clash:
            assert clashes[qid].get("ours") == o and clashes[qid].get("theirs") == t
            assert clashes[qid]["ours_by"] == "Ours" and clashes[qid]["theirs_by"] == "Theirs"
    assert set(result) - {"conflicts"} == {"format", "guide", "case", "unit", "answers"}
    for qid in got:  # comments (the question text) travel with the answers
        assert f"# question {qid}" in text


def test_the_driver_imports_neither_textual_nor_the_case_model():
    """git starts the driver once per file: it must stay light (tomlkit and the stdlib)."""
    import subprocess
    import sys

    code = (
        "import sys, carag_tui.cli, carag_tui.commands.team, carag_tui.team.merge\n"
        "print(sorted(m for m in ('textual', 'cattrs', 'attrs') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_merge_of_answers_splices_lines_without_a_toml_writer(tmp_path):
    """The usual merge (answers changed on each side) needs tomllib only, and keeps every
    comment and line of OURS that it does not change."""
    import subprocess
    import sys

    from tests.conftest import REPO

    base = (REPO / "cases" / "DEMO-UW-01.toml").read_text()
    ours = base.replace('"U1.3" = "no"', '"U1.3" = "yes"')
    theirs = base.replace('"U1.1" = "yes"', '"U1.1" = "no"')
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        (tmp_path / name).write_text(text)
    code = (
        "import sys\nfrom carag_tui.team.merge import merge_file_command as m\n"
        f"code = m({str(tmp_path / 'base')!r}, {str(tmp_path / 'ours')!r}, "
        f"{str(tmp_path / 'theirs')!r}, 'DEMO-UW-01.toml')\n"
        "print(code, 'tomlkit' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert done.stdout.split() == ["0", "False"]
    assert (tmp_path / "ours").read_text() == ours.replace('"U1.1" = "yes"', '"U1.1" = "no"')
