"""Every `carag` command that works without the app, and its errors."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from carag_tui.case.flow import Walk
from carag_tui.case.store import read_case

GUIDE_IDS = [
    "case-supervision-2019",
    "court-reports-2020",
    "through-the-gate-2019",
    "unpaid-work-2019",
    "victim-work-2020",
    "youth-resettlement-2022",
]


@pytest.fixture
def upw(guides):
    return guides["unpaid-work-2019"]


@pytest.fixture
def case_file(tmp_path, carag) -> Path:
    result = carag("new", "UPW-1", "--guide", "unpaid-work-2019", "--dir", tmp_path / "ws")
    assert result.code == 0, result.err
    return Path(result.out.strip())


def complete_answers(guide, base: dict | None = None) -> dict:
    answers = dict(base or {})
    while (question := Walk(guide, answers).first_unanswered()) is not None:
        answers[question.id] = question.choice_keys[0] if question.choices else "text"
    return answers


# -- new ---------------------------------------------------------------------------------------


def test_new_creates_the_file_and_prints_its_path(tmp_path, carag):
    result = carag(
        "new",
        "DDC-0042",
        "--guide",
        "unpaid-work-2019",
        "--dir",
        tmp_path / "cases",
        "--unit",
        "Dorset",
        "--assessor",
        "A. Inspector",
    )
    assert result.code == 0, result.err
    path = tmp_path / "cases" / "DDC-0042.toml"
    assert result.out == f"{path}\n"
    case = read_case(path)
    assert (case.case, case.guide, case.guide_version, case.unit, case.assessor) == (
        "DDC-0042",
        "unpaid-work-2019",
        "2019-08",
        "Dorset",
        "A. Inspector",
    )


def test_new_uses_the_workspace_and_the_configured_assessor(carag, carag_home):
    config = carag_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('assessor = "From Config"\n', encoding="utf-8")
    result = carag("new", "WS-1", "--guide", "victim-work-2020")
    assert result.code == 0, result.err
    path = carag_home / "data" / "cases" / "WS-1.toml"
    assert result.out.strip() == str(path)
    assert read_case(path).assessor == "From Config"


def test_new_with_a_broken_config_file_still_works(tmp_path, carag, carag_home):
    config = carag_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("assessor = \n", encoding="utf-8")
    result = carag("new", "CFG-1", "--guide", "victim-work-2020", "--dir", tmp_path)
    assert result.code == 0, result.err
    assert read_case(tmp_path / "CFG-1.toml").assessor is None


def test_new_uses_a_cases_folder_in_the_current_directory(carag):
    Path("cases").mkdir()
    result = carag("new", "HERE-1", "--guide", "victim-work-2020")
    assert result.code == 0, result.err
    assert Path(result.out.strip()).resolve() == (Path("cases") / "HERE-1.toml").resolve()


@pytest.mark.parametrize(
    "ref", ["../../x", "a/b", "/etc/passwd", ".hidden", "John Smith", "", "x" * 65, "a\\b"]
)
def test_new_refuses_references_that_are_not_plain(tmp_path, carag, ref):
    result = carag("new", ref, "--guide", "unpaid-work-2019", "--dir", tmp_path / "ws")
    assert result.code == 1
    assert "no names, no slashes" in result.err
    assert result.out == ""
    assert not (tmp_path / "ws").exists() or not any((tmp_path / "ws").iterdir())
    assert not list(tmp_path.parent.glob("x.toml"))


def test_new_with_an_unknown_guide_lists_the_installed_ones(tmp_path, carag):
    result = carag("new", "X-1", "--guide", "case-supervision", "--dir", tmp_path)
    assert result.code == 2
    assert "no guide 'case-supervision'" in result.err
    for guide_id in GUIDE_IDS:
        assert guide_id in result.err
    assert not (tmp_path / "X-1.toml").exists()


def test_new_refuses_an_existing_file(tmp_path, carag):
    path = tmp_path / "X-1.toml"
    path.write_text("# mine\n", encoding="utf-8")
    result = carag("new", "X-1", "--guide", "unpaid-work-2019", "--dir", tmp_path)
    assert result.code == 1
    assert "already exists" in result.err
    assert path.read_text(encoding="utf-8") == "# mine\n"


def test_new_needs_a_guide(tmp_path, carag):
    result = carag("new", "X-1", "--dir", tmp_path)
    assert result.code == 2
    assert "--guide" in result.err


# -- set ---------------------------------------------------------------------------------------


def test_set_saves_several_answers(case_file, carag):
    result = carag(
        "set", case_file, "org=nps", "other_requirements=n", "U1.1=yes", "U3.4=na", "U2.1=No"
    )
    assert result.code == 0, result.err
    answers = read_case(case_file).answers
    assert answers == {
        "org": "nps",
        "other_requirements": "no",
        "U1.1": "yes",
        "U3.4": "na",
        "U2.1": "no",
    }
    assert "question now applies" in result.out  # org = nps switches on U2.4


def test_set_several_choice_and_number_answers(tmp_path, carag):
    path = Path(
        carag("new", "CS-1", "--guide", "case-supervision-2019", "--dir", tmp_path).out.strip()
    )
    result = carag("set", path, "A2.3=attitudes, accommodation", "D2.7=14", "A3.12=Very high")
    assert result.code == 0, result.err
    answers = read_case(path).answers
    assert answers["A2.3"] == ["attitudes", "accommodation"]
    assert answers["D2.7"] == 14
    assert answers["A3.12"] == "very_high"


@pytest.mark.parametrize(
    ("assignments", "words"),
    [
        (["U1.11=yes"], ["U1.11: no such question in unpaid-work-2019", "did you mean 'U1.1'?"]),
        (["U1.1=maybe"], ["U1.1='maybe': expected yes or no"]),
        (["U1.1=yes", "U3.4=sometimes"], ["U3.4='sometimes'", "expected yes or no or na"]),
        (["org=probation"], ["org='probation'", "expected one of crc, nps"]),
        (["U1.1"], ["'U1.1': expected QID=VALUE"]),
        (["status=done"], ["status: expected one of in_progress, complete, excluded"]),
    ],
)
def test_set_with_a_bad_id_or_value_writes_nothing(case_file, carag, assignments, words):
    before = case_file.read_bytes()
    result = carag("set", case_file, "U1.2=yes", *assignments)
    assert result.code == 1
    for word in words:
        assert word in result.err
    assert f"nothing written to {case_file}" in result.err
    assert case_file.read_bytes() == before


def test_set_reports_every_bad_assignment_at_once(case_file, carag):
    result = carag("set", case_file, "U1.11=yes", "U1.1=maybe", "org=probation")
    assert result.code == 1
    assert result.err.count(f"{case_file}: ") == 3


def test_set_refuses_complete_while_questions_are_unanswered(case_file, carag):
    before = case_file.read_bytes()
    result = carag("set", case_file, "U1.1=yes", "status=complete")
    assert result.code == 1
    assert "cannot mark complete" in result.err
    assert case_file.read_bytes() == before


def test_set_marks_complete_when_everything_is_answered(case_file, carag, upw):
    answers = complete_answers(upw, {"org": "crc", "other_requirements": "no"})
    result = carag("set", case_file, *(f"{k}={v}" for k, v in answers.items()), "status=complete")
    assert result.code == 0, result.err
    case = read_case(case_file)
    assert case.status == "complete" and case.answers == answers


def test_set_notes(case_file, carag):
    result = carag("set", case_file, "U1.1=yes", "--note", r"U1.1=Seen in OASys.\nDiscussed.")
    assert result.code == 0, result.err
    assert read_case(case_file).notes["U1.1"] == "Seen in OASys.\nDiscussed.\n"
    before = case_file.read_bytes()
    result = carag("set", case_file, "U1.1=yes", "--note", "U9.9=nope")
    assert result.code == 1
    assert "--note 'U9.9=nope'" in result.err
    assert case_file.read_bytes() == before


def test_set_with_an_empty_value_clears_the_answer(case_file, carag):
    assert carag("set", case_file, "U1.1=yes", "U1.2=no").code == 0
    result = carag("set", case_file, "U1.1=")
    assert result.code == 0, result.err
    assert read_case(case_file).answers == {"U1.2": "no"}
    assert '"U1.1"' not in case_file.read_text(encoding="utf-8")


def test_set_an_answer_that_does_not_apply_is_kept_and_said(case_file, carag):
    result = carag("set", case_file, "org=crc", "other_requirements=no", "U2.4=yes")
    assert result.code == 0, result.err
    assert "U2.4: does not apply" in result.out and "answer kept" in result.out
    assert read_case(case_file).answers["U2.4"] == "yes"


def test_set_a_file_that_is_not_there(tmp_path, carag):
    result = carag("set", tmp_path / "nope.toml", "U1.1=yes")
    assert result.code == 1
    assert "cannot read" in result.err
    assert not (tmp_path / "nope.toml").exists()


def test_set_with_a_guide_that_is_not_installed(case_file, carag):
    case_file.write_text(case_file.read_text().replace("unpaid-work-2019", "other-2030"))
    before = case_file.read_bytes()
    result = carag("set", case_file, "U1.1=yes")
    assert result.code == 2
    assert "no guide 'other-2030'" in result.err
    assert case_file.read_bytes() == before


# -- check -------------------------------------------------------------------------------------

CHECK_KEYS = {"path", "case", "guide", "complete", "missing", "invalid", "inapplicable", "unknown"}


def test_check_json_shape(case_file, carag, upw):
    text = case_file.read_text(encoding="utf-8").replace(
        "[answers]",
        '[answers]\n"U1.1" = "maybe"\n"Q9" = "yes"\n'
        '"other_requirements" = "no"\n"org" = "crc"\n"U2.4" = "yes"',
    )
    case_file.write_text(
        text.replace('status = "in_progress"', 'status = "in_progress"\nteam = "A"'),
        encoding="utf-8",
    )
    result = carag("check", "--format", "json", case_file)
    assert result.code == 1  # an invalid answer is an error
    data = json.loads(result.out)
    assert list(data) == ["files"]
    (entry,) = data["files"]
    assert set(entry) >= CHECK_KEYS
    assert entry["path"] == str(case_file)
    assert entry["case"] == "UPW-1" and entry["guide"] == "unpaid-work-2019"
    assert entry["complete"] is False
    assert entry["missing"][:2] == ["U1.1", "U1.2"]
    assert "U2.4" not in entry["missing"]
    assert entry["invalid"] == [{"id": "U1.1", "error": "expected one of yes, no, found 'maybe'"}]
    assert entry["inapplicable"] == ["U2.4"]
    assert entry["unknown"] == ["team", "Q9"]
    assert all(isinstance(entry[k], list) for k in ("missing", "inapplicable", "unknown"))


def test_check_text(case_file, carag):
    carag("set", case_file, "org=crc", "other_requirements=no", "U2.4=yes", "U1.1=yes")
    result = carag("check", case_file)
    assert result.code == 0
    assert f"{case_file}: ok — UPW-1 (unpaid-work-2019), in_progress, 16 to answer" in result.out
    assert "answers kept for questions that do not apply: U2.4" in result.out
    assert result.out.strip().endswith("1 files checked, 0 with errors")


def test_check_a_folder_recursively_and_fail_on_any_error(tmp_path, carag):
    ws = tmp_path / "ws"
    for ref in ("A-1", "B-1"):
        assert carag("new", ref, "--guide", "victim-work-2020", "--dir", ws / "sub").code == 0
    (ws / "broken.toml").write_text("format = 1\nguide = [\n", encoding="utf-8")
    (ws / ".hidden.toml").write_text("not toml at all [", encoding="utf-8")
    result = carag("check", "--format", "json", ws)
    assert result.code == 1
    paths = [Path(f["path"]).name for f in json.loads(result.out)["files"]]
    assert paths == ["broken.toml", "A-1.toml", "B-1.toml"]
    broken = json.loads(result.out)["files"][0]
    assert broken["errors"] and "not valid TOML" in broken["errors"][0]
    assert f"{ws / 'broken.toml'}:2:" in broken["errors"][0]
    text = carag("check", ws)
    assert text.code == 1
    assert "ERROR" in text.out and "3 files checked, 1 with errors" in text.out


def test_check_errors(case_file, carag, tmp_path):
    case_file.write_text(case_file.read_text().replace('"in_progress"', '"complete"'))
    result = carag("check", case_file)
    assert result.code == 1
    assert "marked complete but 19 applicable questions are unanswered" in result.out
    other = tmp_path / "other.toml"
    other.write_text('format = 1\nguide = "nope-2030"\ncase = "N-1"\n', encoding="utf-8")
    result = carag("check", "--format", "json", other)
    assert result.code == 1
    assert "no guide 'nope-2030'" in json.loads(result.out)["files"][0]["errors"][0]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert carag("check", empty).code == 1  # nothing to check is not a pass


def test_check_a_complete_case_passes(case_file, carag, upw):
    answers = complete_answers(upw)
    carag("set", case_file, *(f"{k}={v}" for k, v in answers.items()), "status=complete")
    result = carag("check", "--format", "json", case_file)
    assert result.code == 0
    entry = json.loads(result.out)["files"][0]
    assert entry["complete"] is True and entry["missing"] == [] and entry["status"] == "complete"


def test_check_reports_another_guide_version_and_keeps_everything(case_file, carag):
    carag("set", case_file, "U1.1=yes")
    old = case_file.read_text(encoding="utf-8").replace(
        'guide_version = "2019-08"', 'guide_version = "2018-03"'
    )
    case_file.write_text(old, encoding="utf-8")
    result = carag("check", case_file)
    assert result.code == 0
    assert (
        "warning: assessed against unpaid-work-2019 version 2018-03; "
        "the installed guide is version 2019-08"
    ) in result.out
    assert carag("set", case_file, "U1.2=no").code == 0
    data = tomllib.loads(case_file.read_text(encoding="utf-8"))
    assert data["guide_version"] == "2018-03"
    assert data["answers"] == {"U1.1": "yes", "U1.2": "no"}


# -- show --------------------------------------------------------------------------------------


def test_show_text(case_file, carag, upw):
    carag("set", case_file, "org=crc", "U1.1=yes", "--note", r"U1.1=Seen.\nAgain.")
    result = carag("show", case_file)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == f"Case UPW-1 — {upw.title} (2019-08)"
    assert "Answered 2/19" in lines[1]
    assert (
        "4.1 Unpaid work › 4.1.1 Is the assessment and planning of unpaid work personalised?"
        in lines
    )
    i = next(n for n, line in enumerate(lines) if line.lstrip().startswith("U1.1 "))
    assert upw.question("U1.1").text in lines[i]
    assert lines[i + 1].strip() == "→ Yes"
    assert lines[i + 2].strip() == "│ Seen."
    assert lines[i + 3].strip() == "│ Again."
    assert "→ Community rehabilitation company (CRC)" in result.out
    assert result.out.count("(not answered)") == 17


def test_show_json(case_file, carag):
    carag("set", case_file, "org=crc", "other_requirements=no", "U1.1=yes", "--note", "U1.1=ok")
    result = carag("show", "--format", "json", case_file)
    assert result.code == 0
    data = json.loads(result.out)
    assert {k: data[k] for k in ("case", "guide", "guide_version", "status", "complete")} == {
        "case": "UPW-1",
        "guide": "unpaid-work-2019",
        "guide_version": "2019-08",
        "status": "in_progress",
        "complete": False,
    }
    rows = {row["id"]: row for row in data["questions"]}
    assert "U2.4" not in rows  # does not apply
    assert rows["U1.1"]["answer"] == "yes" and rows["U1.1"]["label"] == "Yes"
    assert rows["U1.1"]["note"] == "ok"
    assert rows["U1.2"]["answer"] is None
    assert rows["org"]["kind"] == "info"


def test_show_a_broken_file(tmp_path, carag):
    path = tmp_path / "b.toml"
    path.write_text("format = \n", encoding="utf-8")
    result = carag("show", path)
    assert result.code == 1
    assert f"{path}:1:" in result.err


# -- guides ------------------------------------------------------------------------------------


def test_guides_lists_every_guide(carag, guides):
    result = carag("guides")
    assert result.code == 0
    assert result.err == ""
    for guide_id in GUIDE_IDS:
        guide = guides[guide_id]
        line = next(line for line in result.out.splitlines() if line.startswith(guide_id + " "))
        assert guide.version in line
        assert f"{len(guide.questions)} questions" in line
        assert guide.title in line
        assert f"source: {guide.source}" in result.out


def test_guide_json(carag, guides):
    result = carag("guide", "through-the-gate-2019", "--format", "json")
    assert result.code == 0
    data = json.loads(result.out)
    guide = guides["through-the-gate-2019"]
    assert (data["id"], data["version"], data["title"]) == (guide.id, guide.version, guide.title)
    assert [s["id"] for s in data["standards"]] == [s.id for s in guide.standards]
    flat = [q for s in data["standards"] for k in s["key_questions"] for q in k["questions"]]
    assert [q["id"] for q in flat] == [q.id for q in guide.questions]
    t16 = next(q for q in flat if q["id"] == "T1.6")
    assert {"id", "kind", "text", "answer", "options", "guidance", "rule"} <= set(t16)
    assert t16["answer"] == "multi" and t16["kind"] == guide.question("T1.6").kind
    assert {"key": "none", "label": guide.question("T1.6").label_for("none")} in t16["options"]
    t17 = next(q for q in flat if q["id"] == "T1.7")
    assert t17["rule"].startswith("T1.6 has any [")
    assert t17["options"] == [{"key": "yes", "label": "Yes"}, {"key": "no", "label": "No"}]
    assert t17["guidance"] == guide.question("T1.7").guidance
    t1 = data["standards"][1]["key_questions"][0]
    assert (t1["id"], t1["number"], t1["summary"]) == ("T1", "4.2.1", "T1S")


def test_guide_json_marks_the_excluding_option(carag):
    data = json.loads(carag("guide", "youth-resettlement-2022", "--format", "json").out)
    first = data["standards"][0]["key_questions"][0]["questions"][0]
    # host YOT, and home YOT, not responsible for assessment
    assert sum(1 for o in first["options"] if o.get("excludes")) == 2


def test_guide_text(carag, guides):
    result = carag("guide", "court-reports-2020")
    assert result.code == 0
    guide = guides["court-reports-2020"]
    assert result.out.startswith(f"{guide.title} (court-reports-2020, version 2020-09)")
    assert "only when: R2.12 == yes" in result.out
    for question in guide.questions:
        assert f" {question.id} " in result.out


def test_guide_unknown(carag):
    result = carag("guide", "nope")
    assert result.code == 2
    assert "no guide 'nope'" in result.err


# -- locate, demo ------------------------------------------------------------------------------


def test_locate_uses_carag_home(carag, carag_home):
    result = carag("locate")
    assert result.code == 0
    out = result.out
    assert f"config file:  {carag_home / 'config' / 'config.toml'}" in out
    assert f"user guides:  {carag_home / 'data' / 'guides'}" in out
    assert f"workspace:    {carag_home / 'data' / 'cases'}" in out
    assert f"cache:        {carag_home / 'cache'} (parsed guides; safe to delete)" in out


def test_locate_honours_carag_config(carag, tmp_path, monkeypatch):
    monkeypatch.setenv("CARAG_CONFIG", str(tmp_path / "elsewhere.toml"))
    assert f"config file:  {tmp_path / 'elsewhere.toml'}" in carag("locate").out


def test_demo_writes_checkable_cases_for_every_guide(tmp_path, carag, guides):
    demo = tmp_path / "demo"
    result = carag("demo", demo, "--no-open")
    assert result.code == 0, result.err
    files = sorted(demo.rglob("*.toml"))
    by_guide = {}
    for path in files:
        by_guide.setdefault(read_case(path).guide, []).append(path)
    assert sorted(by_guide) == GUIDE_IDS
    statuses = {read_case(p).status for p in files}
    assert "complete" in statuses and "in_progress" in statuses
    check = carag("check", "--format", "json", demo)
    assert check.code == 0, check.out
    entries = json.loads(check.out)["files"]
    assert len(entries) == len(files)
    assert all(not e["errors"] and not e["invalid"] and not e["unknown"] for e in entries)
    assert any(e["complete"] for e in entries) and any(not e["complete"] for e in entries)
    # a second run adds nothing and changes nothing
    before = {p: p.read_bytes() for p in files}
    again = carag("demo", demo, "--no-open")
    assert again.code == 0 and "already there" in again.out
    assert {p: p.read_bytes() for p in demo.rglob("*.toml")} == before


# -- as a real process -------------------------------------------------------------------------


def test_end_to_end_as_a_process(tmp_path, carag_process):
    made = carag_process("new", "E2E-1", "--guide", "court-reports-2020", "--dir", tmp_path)
    assert made.code == 0, made.err
    path = Path(made.out.strip())
    assert path.exists()
    done = carag_process("set", path, "R2.12=yes", "R2.13=no")
    assert done.code == 0, done.err
    assert tomllib.loads(path.read_text(encoding="utf-8"))["answers"] == {
        "R2.12": "yes",
        "R2.13": "no",
    }
    bad = carag_process("set", path, "R2.99=yes")
    assert bad.code == 1 and "R2.99" in bad.err
    check = carag_process("check", "--format", "json", path)
    assert check.code == 0, check.err
    assert json.loads(check.out)["files"][0]["missing"][0] == "report_type"


def test_show_piped_into_a_closed_pipe(tmp_path, carag_process):
    path = Path(
        carag_process(
            "new", "PIPE-1", "--guide", "case-supervision-2019", "--dir", tmp_path
        ).out.strip()
    )
    import subprocess
    import sys

    shown = subprocess.run(
        f'"{sys.executable}" -m carag_tui.cli show "{path}" | head -n 1',
        shell=True,
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert shown.stdout.startswith("Case PIPE-1")
    assert "Traceback" not in shown.stderr
