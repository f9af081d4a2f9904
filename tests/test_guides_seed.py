"""The bundled guides against the published CARaG texts they were made from (../shared/seeds).

Every question of every seed must be in its guide, under the seed's own id written without
spaces, with its text and guidance; and nothing may be invented.
"""

from __future__ import annotations

import difflib
import html
import re
from functools import cache
from pathlib import Path

import pytest
from seed_texts import SEEDS, require_seeds

from carag_tui.guide.loader import load_guide
from carag_tui.guide.model import Kind

REPO = Path(__file__).resolve().parent.parent
GUIDE_IDS = (
    "case-supervision-2019",
    "court-reports-2020",
    "through-the-gate-2019",
    "unpaid-work-2019",
    "victim-work-2020",
    "youth-resettlement-2022",
)


def needs_seeds(test):
    """Run `test` only with the seed texts; under CI their absence is a failure, not a skip."""
    import functools

    @functools.wraps(test)
    def run(*args, **kwargs):
        require_seeds()
        return test(*args, **kwargs)

    return run


DOMAIN_TWO = "carag-domain-two-2019-08.txt"
CRC_THREE = "carag-crc-domain-three-2019-08.txt"
NPS_THREE = "carag-nps-domain-three-2020-09.txt"
YOUTH = "cag-youth-resettlement-2022-01.txt"

#: guide id -> (seed file, letters of its ids in that seed)
SOURCES = {
    "case-supervision-2019": (DOMAIN_TWO, "APDR"),
    "unpaid-work-2019": (CRC_THREE, "U"),
    "through-the-gate-2019": (CRC_THREE, "T"),
    "court-reports-2020": (NPS_THREE, "R"),
    "victim-work-2020": (NPS_THREE, "V"),
}

#: numbers in the inspection framework: standard id -> number, per guide
FRAMEWORK = {
    "case-supervision-2019": {"A": "2.1", "P": "2.2", "D": "2.3", "R": "2.4"},
    "unpaid-work-2019": {"U": "4.1"},
    "through-the-gate-2019": {"T": "4.2"},
    "court-reports-2020": {"R": "3.1"},
    "victim-work-2020": {"V": "3.2"},
}

#: key questions per guide, as the issue lists them
KEY_QUESTIONS = {
    "case-supervision-2019": [
        "A1",
        "A2",
        "A3",
        "P1",
        "P2",
        "P3",
        "D1",
        "D2",
        "D3",
        "R1",
        "R2",
        "R3",
    ],
    "unpaid-work-2019": ["U1", "U2", "U3"],
    "through-the-gate-2019": ["T1", "T2", "T3"],
    "court-reports-2020": ["R1", "R2"],
    "victim-work-2020": ["V1", "V2", "V3"],
}

# "A 1.1", "<b>A 2 S</b>", "U1S", "U 3S", "T 1.6 In your…" at the start of a line
SEED_QUESTION = re.compile(r"^(?:<b>)?([A-Z]) ?(\d+)(?:\.(\d+)| ?S)(?:</b>)?[\t ]+(.*)$")
# "A 1 Does…", "<b>P 1</b>\t<b>Does…", "**P 3 Does…**": a key question heading
SEED_KEY_QUESTION = re.compile(r"^(?:<b>|\*\*)?[A-Z] ?\d+(?:</b>)?[\t ]")
CARAG_ID = re.compile(r"^[A-Z]\d+(?:\.\d+|S)$")


def clean(text: str) -> str:
    """Seed or guide text as plain words: no tags, entities, Markdown emphasis or extra spaces."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(text).replace("**", "").replace("\u2019", "'")
    return " ".join(text.split())


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", clean(text).lower()))


@cache
def seed_questions(name: str) -> dict[str, dict[str, str]]:
    """id -> {"text", "guidance"} for every question line of a CARaG seed."""
    found: dict[str, dict[str, list[str] | str]] = {}
    current = None
    for line in (SEEDS / name).read_text(encoding="utf-8").splitlines():
        match = SEED_QUESTION.match(line)
        if match:
            letter, major, minor, rest = match.groups()
            qid = f"{letter}{major}" + (f".{minor}" if minor else "S")
            assert qid not in found, f"{name}: {qid} twice"
            text, _, guidance = rest.lstrip().partition("\t")
            current = found[qid] = {"text": text, "guidance": [guidance]}
        elif SEED_KEY_QUESTION.match(line) or line.startswith(("#", "--")):
            current = None
        elif current is not None:
            current["guidance"].append(line)
    return {
        qid: {"text": clean(str(v["text"])), "guidance": clean(" ".join(v["guidance"]))}
        for qid, v in found.items()
    }


@cache
def youth_seed() -> list[dict[str, str]]:
    """The youth CAG's questions in order (it gives them no ids)."""
    found = []
    for line in (SEEDS / YOUTH).read_text(encoding="utf-8").splitlines():
        question, tab, guidance = line.partition("\t")
        if tab and question.strip() and question.strip() != "Inspection question":
            found.append({"text": clean(question), "guidance": clean(guidance)})
        elif tab and found and not question.strip():  # guidance carried onto another line
            found[-1]["guidance"] += " " + clean(guidance)
    return found


def seed_ids(guide_id: str) -> list[str]:
    name, letters = SOURCES[guide_id]
    return [qid for qid in seed_questions(name) if qid[0] in letters]


def similar(seed_text: str, guide_text: str) -> float:
    """How well the seed's question text (often cut off at a line break) matches the guide's."""
    seed_text = re.sub(r"^summary judgement:\s*", "", clean(seed_text).lower())
    guide_text = clean(guide_text).lower()
    return difflib.SequenceMatcher(None, seed_text, guide_text[: len(seed_text)]).ratio()


# -- all guides -------------------------------------------------------------------------------


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_every_guide_loads(guide_id):
    path = REPO / "guides" / f"{guide_id}.toml"
    guide = load_guide(path)  # raises ProblemsError listing every problem
    assert guide.id == guide_id
    assert guide.title and guide.version and guide.source
    assert "Open Government Licence" in guide.licence


def test_the_catalogue_has_exactly_the_six_guides(guides):
    assert sorted(guides) == sorted(GUIDE_IDS)


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_guidance_is_clean_markdown(guides, guide_id):
    for question in guides[guide_id].questions:
        for field in ("text", "guidance"):
            value = getattr(question, field)
            for debris in ("<p>", "</p>", "<b>", "<li>", "<ul", "<br", "&amp;", "&nbsp;", "\t"):
                assert debris not in value, f"{guide_id} {question.id} {field}: {debris!r}"
            for line in value.splitlines():  # pipes only in a Markdown table's rows
                if "|" in line:
                    assert line.startswith("|") and line.endswith("|"), (
                        f"{guide_id} {question.id} {field}: a stray pipe in {line!r}"
                    )
            assert value == value.strip() or field == "guidance"


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_each_key_question_is_closed_by_its_summary(guides, guide_id):
    guide = guides[guide_id]
    for kq in guide.key_questions:
        if guide.standard(kq.standard).rated:
            assert kq.summary, f"{kq.id} has no summary question"
            assert guide.questions_of(kq.id)[-1].id == kq.summary
            assert guide.question(kq.summary).kind is Kind.SUMMARY


@pytest.mark.parametrize("guide_id", sorted(FRAMEWORK))
def test_numbers_match_the_inspection_framework(guides, guide_id):
    guide = guides[guide_id]
    rated = {s.id: s.number for s in guide.standards if s.rated}
    assert rated == FRAMEWORK[guide_id]
    assert [k.id for k in guide.key_questions if guide.standard(k.standard).rated] == KEY_QUESTIONS[
        guide_id
    ]
    for kq in guide.key_questions:
        standard = guide.standard(kq.standard)
        if standard.rated:
            # A1 -> 2.1.1, U3 -> 4.1.3, V2 -> 3.2.2
            assert kq.number == f"{standard.number}.{kq.id[1:]}", kq.id
            assert kq.id[0] == standard.id
        else:
            assert kq.number is None


def test_case_supervision_standards_are_named_as_in_the_framework(guides):
    guide = guides["case-supervision-2019"]
    titles = {s.number: s.title for s in guide.standards if s.rated}
    assert titles == {
        "2.1": "Assessment",
        "2.2": "Planning",
        "2.3": "Implementation and delivery",
        "2.4": "Reviewing",
    }


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_case_details_come_first_and_are_not_rated(guides, guide_id):
    guide = guides[guide_id]
    first = guide.standards[0]
    assert not first.rated
    assert [k.id for k in guide.key_questions_of(first.id)] == [first.id]
    for kq in guide.key_questions_of(first.id):
        for question in guide.questions_of(kq.id):
            assert question.kind is Kind.INFO, question.id
            assert question.rule is None or guide.position(question.id) > 0


# -- against the seeds ------------------------------------------------------------------------


@needs_seeds
@pytest.mark.parametrize("guide_id", sorted(SOURCES))
def test_every_seed_question_id_is_in_its_guide_and_none_invented(guides, guide_id):
    guide = guides[guide_id]
    expected = seed_ids(guide_id)
    assert expected, "no ids found in the seed"
    in_guide = [q.id for q in guide.questions if CARAG_ID.match(q.id)]
    missing = [qid for qid in expected if qid not in in_guide]
    invented = [qid for qid in in_guide if qid not in expected]
    assert not missing, f"{guide_id}: seed questions missing from the guide: {missing}"
    assert not invented, f"{guide_id}: questions not in the seed: {invented}"
    assert in_guide == expected, "the guide must keep the seed's order"
    # every other question is a case detail, in the unrated part
    for question in guide.questions:
        if not CARAG_ID.match(question.id):
            assert not guide.standard_of(question).rated, question.id
            assert re.fullmatch(r"[a-z][a-z_]*", question.id), question.id


@needs_seeds
def test_the_seed_parser_finds_what_the_seeds_hold():
    """Guard the test's own extraction, so that a parsing slip cannot hide a missing question."""
    two = seed_questions(DOMAIN_TWO)
    assert len(two) == 93
    assert {"A1.1", "A1S", "A2S", "A3.19", "P3.6", "D2.10", "R3S"} <= set(two)
    assert "A2.5" not in two  # the seed's own gap
    crc = seed_questions(CRC_THREE)
    assert {"U1S", "U3S", "U2.2", "T1.6", "T1.9", "T3S"} <= set(crc)
    assert "T1.8" not in crc and "T3.1" not in crc
    assert seed_ids("court-reports-2020")[0] == "R1.3"
    assert seed_questions(NPS_THREE)["V1.8"]["guidance"] == ""
    assert len(youth_seed()) == 22


@needs_seeds
@pytest.mark.parametrize("guide_id", sorted(SOURCES))
def test_question_texts_are_the_seeds(guides, guide_id):
    guide = guides[guide_id]
    name, _ = SOURCES[guide_id]
    seed = seed_questions(name)
    for qid in seed_ids(guide_id):
        if guide.has_question(qid):
            text = guide.question(qid).text
            assert similar(seed[qid]["text"], text) >= 0.9, (
                f"{guide_id} {qid}: {text!r} is not the seed's {seed[qid]['text']!r}"
            )


@needs_seeds
@pytest.mark.parametrize("guide_id", sorted(SOURCES))
def test_guidance_is_there_and_complete(guides, guide_id):
    guide = guides[guide_id]
    name, _ = SOURCES[guide_id]
    seed = seed_questions(name)
    for qid in seed_ids(guide_id):
        if not guide.has_question(qid):
            continue  # reported by the id test
        guidance = guide.question(qid).guidance
        seed_words = words(seed[qid]["guidance"])
        if not seed_words:
            continue
        assert guidance.strip(), f"{guide_id} {qid}: the seed has guidance, the guide has none"
        # the seeds carry page debris, so not every word: but nearly all of them
        coverage = len(seed_words & words(guidance)) / len(seed_words)
        assert coverage >= 0.8, (
            f"{guide_id} {qid}: only {coverage:.0%} of the seed's guidance words are in the "
            f"guide; missing {sorted(seed_words - words(guidance))[:20]}"
        )


@needs_seeds
def test_youth_guide_has_the_seeds_questions_in_order(guides):
    guide = guides["youth-resettlement-2022"]
    seed = youth_seed()
    assert len(guide.questions) == len(seed)
    for question, published in zip(guide.questions, seed, strict=True):
        assert clean(question.text) == published["text"], question.id
        if words(published["guidance"]):
            assert question.guidance.strip(), question.id
            coverage = len(words(published["guidance"]) & words(question.guidance)) / len(
                words(published["guidance"])
            )
            assert coverage >= 0.8, f"{question.id}: {coverage:.0%} of the guidance"


def test_youth_ids_are_listed_in_the_guide_header():
    text = (REPO / "guides" / "youth-resettlement-2022.toml").read_text(encoding="utf-8")
    header = text[: text.index("\nformat")]
    guide = load_guide(REPO / "guides" / "youth-resettlement-2022.toml")
    for question in guide.questions:
        assert re.search(rf"^#\s+{re.escape(question.id)}\s+\S", header, re.MULTILINE), question.id
