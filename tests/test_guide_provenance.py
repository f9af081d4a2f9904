"""Provenance: every part of a bundled guide that is not in its published source says so.

Compared with the seed texts (see `seed_texts`): these tests fail, not skip, under CI when the
seeds are missing.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib

import pytest
from seed_texts import REPO, require_seeds
from test_guides_seed import GUIDE_IDS, SOURCES, clean, seed_questions, youth_seed

from carag_tui.cli import main
from carag_tui.guide.model import Question
from carag_tui.guide.provenance import DEFECT_MARKS, marks_in
from carag_tui.guide.registry import catalogue

SEED_FILES = {gid: name for gid, (name, _) in SOURCES.items()}
SEED_FILES["youth-resettlement-2022"] = "cag-youth-resettlement-2022-01.txt"
REPORT = "inspection-report-ddc-crc-2019.txt"


def flat(text: str) -> str:
    """Words only, lower case: what 'the source contains this text' compares."""
    return " ".join(re.findall(r"[a-z0-9]+", clean(text).lower()))


def seed_text(guide_id: str) -> str:
    from seed_texts import SEEDS

    require_seeds()
    return flat((SEEDS / SEED_FILES[guide_id]).read_text(encoding="utf-8"))


def report_text() -> str:
    from seed_texts import SEEDS

    require_seeds()
    return flat((SEEDS / REPORT).read_text(encoding="utf-8"))


def parts(item) -> set[str]:
    return {str(i.part) for i in item.inferred}


# -- the guide files say it explicitly ------------------------------------------------------


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_every_question_and_key_question_states_its_provenance(guide_id):
    data = tomllib.loads((REPO / "guides" / f"{guide_id}.toml").read_text(encoding="utf-8"))
    for table in ("question", "key_question"):
        for item in data[table]:
            assert "inferred" in item, f"{guide_id} {table} {item['id']}: no inferred = [...]"
            for entry in item["inferred"]:
                assert entry["reason"].strip(), (guide_id, item["id"])
    assert not any("kind_inferred" in q for q in data["question"])  # the old flag is gone


# -- nothing unmarked that the source does not contain -----------------------------------------


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_unmarked_text_is_in_the_source(guides, guide_id):
    guide, seed = guides[guide_id], seed_text(guide_id)
    for question in guide.questions:
        if "text" not in parts(question):
            assert _in_source(flat(question.text), seed), (
                f"{guide_id} {question.id}: text not in source"
            )
    for kq in guide.key_questions:
        if "grouping" not in parts(kq) and "text" not in parts(kq):
            assert flat(kq.text) in seed, f"{guide_id} key question {kq.id}: not in source"
    for standard in guide.standards:
        if "grouping" not in parts(standard):
            assert flat(standard.title) in seed, f"{guide_id} standard {standard.id}"


def _in_source(text: str, seed: str) -> bool:
    """In the source, whole or in two pieces (a question's text can run over a table row)."""
    if text in seed:
        return True
    words = text.split()
    return any(
        " ".join(words[:k]) in seed and " ".join(words[k:]) in seed
        for k in range(2, len(words) - 1)
    )


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_unmarked_options_are_in_the_source(guides, guide_id):
    guide, seed = guides[guide_id], seed_text(guide_id)
    for question in guide.questions:
        if question.options and "options" not in parts(question):
            for option in question.options:
                if option.label in ("Yes", "No"):
                    continue
                assert flat(option.label) in seed, (
                    f"{guide_id} {question.id}: option {option.label!r} is not in the source "
                    "and not marked inferred"
                )


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_unmarked_rules_quote_their_source(guides, guide_id):
    guide, seed = guides[guide_id], seed_text(guide_id)
    for item in (*guide.standards, *guide.key_questions, *guide.questions):
        if item.rule is None or "rule" in parts(item):
            continue
        quoted = [flat(q) for q in re.split(r"…|\([A-Z]\d\.\d+\);?|\[…\]", item.rule_source or "")]
        where = report_text() if str(item.rule_origin) == "report" else seed
        for piece in filter(None, quoted):
            piece = re.sub(r"^.*?footnote 17 ", "", piece)
            assert piece and piece in where, (
                f"{guide_id} {item.id}: rule_source {piece[:80]!r} is not in the "
                f"{'report' if where is not seed else 'source'}; mark the rule inferred"
            )


def test_the_report_rules_are_the_subsample_and_say_so(guides):
    found = {
        (g.id, k.id)
        for g in guides.values()
        for k in g.key_questions
        if str(k.rule_origin) == "report"
    }
    assert found == {("case-supervision-2019", k) for k in ("P3", "D3", "R3")}


def test_every_case_detail_is_marked(guides):
    for guide in guides.values():
        for question in guide.questions:
            if not re.match(r"^[A-Z]", question.id):  # not an id of the source
                assert "text" in parts(question), f"{guide.id} {question.id}"


# -- faithful: the published wording, word for word --------------------------------------------

#: Differences between a seed and its guide that are not edits of the wording: the seed's page
#: debris (a heading run into the last question, a column cut off and repeated in full).
DEBRIS = {
    ("unpaid-work-2019", "U3S"): ["2 through the gate"],
    ("court-reports-2020", "R2S"): ["3 2 statutory victim work"],
    ("court-reports-2020", "R2.17"): ["correct"],
}


#: Questions whose seed row carries a cut-off copy of a column before its full text.
CUT_OFF = {("court-reports-2020", "R2S")}


def _words(text: str) -> list[str]:
    for mark in DEFECT_MARKS:
        text = text.replace(mark, " ")
    text = re.sub(r"^summary judgement:\s*", "", clean(text), flags=re.IGNORECASE)
    text = re.sub(r"'\s+s\b", "'s", text)  # "user' s": a space the text extraction put in
    return re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))


@pytest.mark.parametrize("guide_id", sorted(SOURCES))
def test_guidance_is_the_published_wording(guides, guide_id):
    """One policy, applied throughout: faithful. Typos of the source are kept, not fixed."""
    import difflib

    require_seeds()
    guide = guides[guide_id]
    seed = seed_questions(SOURCES[guide_id][0])
    for qid, published in seed.items():
        if not guide.has_question(qid):
            continue
        question = guide.question(qid)
        want = _words(published["text"] + " " + published["guidance"])
        got = _words(question.text + " " + question.guidance)
        matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
        changes = [
            (" ".join(want[i1:i2]), " ".join(got[j1:j2]))
            for op, i1, i2, j1, j2 in matcher.get_opcodes()
            if op != "equal"
        ]
        # a question's text that ran on into the guidance column in the seed: moved, not edited
        moved = {r for r, _ in changes if r} & {a for _, a in changes if a}
        for removed, added in changes:
            removed = "" if removed in moved else removed
            added = "" if added in moved else added
            if not removed and not added:
                continue
            if not added and (
                removed in DEBRIS.get((guide_id, qid), [])
                or ((guide_id, qid) in CUT_OFF and _cut_off_copy(removed, got))
            ):
                continue
            if not removed and _sub_heading(added, question):  # the seed parser stops there
                continue
            pytest.fail(
                f"{guide_id} {qid}: the published {removed!r} is {added!r} in the "
                "guide (silent edit?)"
            )


def _cut_off_copy(removed: str, got: list[str]) -> bool:
    """The seed's garbled copy of a column whose full text follows (R2S)."""
    return len(removed.split()) > 20


def _sub_heading(added: str, question: Question) -> bool:
    return len(added.split()) > 20 and ("####" in question.guidance or "###" in question.guidance)


@pytest.mark.parametrize("guide_id", ["youth-resettlement-2022"])
def test_youth_guidance_is_the_published_wording(guides, guide_id):
    require_seeds()
    for question, published in zip(guides[guide_id].questions, youth_seed(), strict=True):
        assert _words(question.guidance) == _words(published["guidance"]), question.id


# -- seed defects, marked and listed -----------------------------------------------------------

DEFECTS = {
    ("through-the-gate-2019", "T1.6"): [
        "[text missing in the published CARaG]",
        "[placeholder in the published CARaG]",
    ],
    ("case-supervision-2019", "A3.6"): ["[internal link in the source]"],
    ("case-supervision-2019", "A3.15"): ["[internal link in the source]"],
    ("case-supervision-2019", "D3.4"): [
        "[guidance repeated from another question in the published CARaG]"
    ],
    ("victim-work-2020", "V1.7"): ["[text missing in the published CARaG]"],
    ("victim-work-2020", "V1.8"): ["[no guidance in the published CARaG]"],
    ("unpaid-work-2019", "U2.4"): ["[text missing in the published CARaG]"],
    ("court-reports-2020", "R2S"): ["[cross-reference as published; see the note]"],
}


def test_each_known_seed_defect_is_marked_and_listed(guides):
    for (guide_id, qid), marks in DEFECTS.items():
        question = guides[guide_id].question(qid)
        assert marks_in(question.guidance) == marks, (guide_id, qid)
        assert len(question.source_defects) == len(marks), (guide_id, qid)
    others = [
        (g.id, q.id)
        for g in guides.values()
        for q in g.questions
        if q.source_defects and (g.id, q.id) not in DEFECTS
    ]
    assert not others, f"defects not pinned by this test: {others}"


def test_defects_stay_faithful(guides):
    t16 = guides["through-the-gate-2019"].question("T1.6").guidance
    assert "Insert a link here to a reference document" in t16  # kept, marked
    assert "G:\\GRH_Office" in guides["case-supervision-2019"].question("A3.15").guidance


def test_no_drive_path_or_placeholder_unmarked(guides):
    for guide in guides.values():
        for question in guide.questions:
            for line in question.guidance.splitlines():
                if re.search(r"\bG:\\|insert after training|Insert a link", line):
                    assert marks_in(line), (guide.id, question.id, line[:60])


# -- carag guide ID --inferred / --format json ------------------------------------------------


def test_inferred_lists_every_inference_grouped(capsys):
    assert main(["guide", "case-supervision-2019", "--inferred"]) == 0
    out = capsys.readouterr().out
    assert "Inferred by the guide author (not in the source):" in out
    assert "Rules read from an inspection report, not the CARaG: 3" in out
    assert "Defects of the published source" in out
    assert re.search(r"^  harm_subsample +suggestion +suggests yes when A3\.12", out, re.M)
    assert re.search(r"^  D3\.4 +guidance +The published guidance for D3\.4", out, re.M)
    guide = catalogue().get("case-supervision-2019")
    count = sum(len(i.inferred) for i in (*guide.standards, *guide.key_questions, *guide.questions))
    assert f"(not in the source): {count + 1}" in out  # + the suggestion


def test_inferred_as_json(capsys):
    assert main(["guide", "youth-resettlement-2022", "--inferred", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"inferred", "report", "defect"} <= set(data)
    c1 = [e for e in data["inferred"] if e["id"] == "C1"]
    assert {e["part"] for e in c1} == {"kind", "options", "rule"}


def test_guide_json_carries_provenance_on_every_question(capsys):
    assert main(["guide", "court-reports-2020", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    kqs = [k for s in data["standards"] for k in s["key_questions"]]
    questions = [q for k in kqs for q in k["questions"]]
    assert all(isinstance(k["inferred"], list) for k in kqs)
    assert all(isinstance(q["inferred"], list) for q in questions)
    r212 = next(q for q in questions if q["id"] == "R2.12")
    assert {i["part"] for i in r212["inferred"]} == {"kind", "options"}
    r2s = next(q for q in questions if q["id"] == "R2S")
    assert r2s["inferred"] == [] and len(r2s["source_defects"]) == 1


# -- the seeds themselves ---------------------------------------------------------------------


def test_without_the_seeds_ci_fails_rather_than_skips(tmp_path):
    env = {**os.environ, "CI": "1", "CARAG_SEEDS": str(tmp_path / "nowhere")}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_guide_provenance.py::test_unmarked_text_is_in_the_source",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1, run.stdout[-2000:]
    assert "CI must have them" in run.stdout
    assert " skipped" not in run.stdout.splitlines()[-1]


def test_the_youth_report_does_not_depend_on_its_invented_kinds(tmp_path, guides):
    """Swapping prompt and supplementary in the youth guide (kinds the CAG never gives)
    changes no figure of the report."""
    import random

    from attrs import evolve

    from carag_tui.case.synthetic import write_case
    from carag_tui.guide.model import Kind
    from carag_tui.report.tally import _tallied

    guide = guides["youth-resettlement-2022"]
    swap = {Kind.PROMPT: Kind.SUPPLEMENTARY, Kind.SUPPLEMENTARY: Kind.PROMPT}
    for question in guide.questions:
        kq = guide.key_question_of(question)
        if question.kind in swap:
            assert _tallied(question, kq) == _tallied(
                evolve(question, kind=swap[question.kind]), kq
            ), question.id
    for i in range(3):
        write_case(tmp_path, f"YR-{i}", guide, random.Random(i))
    from carag_tui.report.aggregate import build_report

    report = build_report([tmp_path])
    youth = report.guides[0]
    counted = {q.question.id for s in youth.standards for k in s.key_questions for q in k.questions}
    assert counted >= {"RW1", "RW3", "RW5", "RW9", "RW14"}


def test_provenance_md_lists_everything_the_guides_infer(guides):
    """guides/PROVENANCE.md is the inspectorate's one-sitting list: it must not fall behind."""
    from carag_tui.guide.provenance import entries

    text = (REPO / "guides" / "PROVENANCE.md").read_text(encoding="utf-8")
    for guide in guides.values():
        assert f"`{guide.id}`" in text
        for entry in entries(guide):
            note = entry.note.split(": ", 1)[-1] if entry.part == "suggestion" else entry.note
            assert note in text, f"{guide.id} {entry.id} {entry.part}: not in PROVENANCE.md"
