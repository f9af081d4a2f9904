"""Bad input, generated: case files and guide files of every shape, case references and paths
from the command line, rules, guides and themes in the user's folders.

A file either loads, with data that a save and a fresh read keep, or is refused with problems
that each name the file; never another exception, never a write. CARAG_PROPERTY_EXAMPLES=N
runs N examples of each generated test instead of the default.
"""

from __future__ import annotations

import itertools
import math
import os
import random
import string
import tomllib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomlkit
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from carag_tui.case.editing import CASE_REF, case_path, new_case
from carag_tui.case.store import load_case, read_case, read_case_data, save_case
from carag_tui.case.synthetic import write_case
from carag_tui.commands.check import check_file
from carag_tui.guide.loader import load_guide, parse_guide
from carag_tui.guide.registry import catalogue
from carag_tui.guide.rules import RuleSyntaxError, parse_rule
from carag_tui.problems import ProblemsError
from carag_tui.themes import read_theme_files

REPO = Path(__file__).resolve().parent.parent
UPW = "unpaid-work-2019"
EXAMPLES = int(os.environ.get("CARAG_PROPERTY_EXAMPLES") or 0)
_names = itertools.count()


def examples(default: int) -> settings:
    return settings(
        max_examples=EXAMPLES or default,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )


# -- what a loaded case must keep --------------------------------------------------------------


def same(a: Any, b: Any) -> bool:
    """Equal as data: NaN equals NaN, and a TOML parser may turn CRLF in strings into LF."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, str) and isinstance(b, str):
        return a.replace("\r\n", "\n") == b.replace("\r\n", "\n")
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return (a == b and type(a) is type(b)) or (isinstance(a, datetime) and a == b)


def tally(outcome: str) -> None:
    """Count outcomes in hypothesis's statistics (--hypothesis-show-statistics)."""
    if currently_in_test_context():
        event(outcome)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def refused_properly(exc: ProblemsError, path: Path) -> None:
    assert exc.problems, "refused without saying why"
    for problem in exc.problems:
        assert problem.file == path
        assert str(problem).startswith(str(path))
        assert problem.message.strip()


def read_every_way(path: Path) -> tuple[dict[str, Any], Any]:
    """The case as reports read it and as the app loads it (None where refused, each refusal
    checked), and what `carag check` says (which never raises)."""
    outcomes = {}
    for name, reader in (("read", read_case), ("load", load_case)):
        try:
            outcomes[name] = reader(path)
        except ProblemsError as exc:
            refused_properly(exc, path)
            outcomes[name] = None
    return outcomes, check_file(path)


def assert_loads_or_is_refused(path: Path) -> None:
    """The property every case file must have (see the module's docstring)."""
    before = snapshot(path.parent)
    outcomes, check = read_every_way(path)
    if outcomes["read"] is None:
        assert check.errors and all(error.startswith(str(path)) for error in check.errors)
    assert snapshot(path.parent) == before, "reading a case file changed the folder"
    read, loaded = outcomes["read"], outcomes["load"]
    assert (read is None) == (loaded is None), "the app and `carag check` disagree"
    tally("refused" if loaded is None else "loaded")
    if loaded is None:
        return
    case = loaded.case
    for field in (
        "guide",
        "case",
        "guide_version",
        "unit",
        "assessor",
        "status",
        "created",
        "updated",
        "format",
        "answers",
        "notes",
    ):
        assert same(getattr(read, field), getattr(case, field)), field
    # Round trip: what is saved reads back the same (the `updated` stamp aside).
    answers, notes = dict(case.answers), dict(case.notes)
    try:
        save_case(loaded)
    except ProblemsError as exc:  # a layout carag cannot rewrite safely: said, nothing written
        refused_properly(exc, path)
        assert snapshot(path.parent) == before, "a refused save changed the folder"
        tally("refused on save")
        return
    again, raw = read_case_data(path)
    assert same(again.answers, answers)
    assert same(again.notes, notes)
    kept = ("guide", "case", "guide_version", "unit", "assessor", "status")
    # a file with no `created` that a save left as it was still has none: each read says "now"
    for field in kept + (("created",) if "created" in raw else ()):
        assert same(getattr(again, field), getattr(case, field)), field
    # … and saving an unchanged file again changes nothing.
    saved = path.read_bytes()
    save_case(load_case(path), touch=False)
    assert path.read_bytes() == saved


@pytest.fixture(scope="module")
def base_case(tmp_path_factory) -> str:
    """A real case file, answered half way, with notes: the text that mutations start from."""
    folder = tmp_path_factory.mktemp("base")
    guide = catalogue().get(UPW)
    path = write_case(folder, "BASE-1", guide, random.Random(3), share=0.6)
    casefile = load_case(path)
    casefile.set_note(guide, "org", 'Line one\nLine "two" with a \\ backslash\n  indented')
    save_case(casefile)
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("props")


def write(folder: Path, data: bytes) -> Path:
    case_folder = folder / f"c{next(_names)}"
    case_folder.mkdir()
    path = case_folder / "CASE.toml"
    path.write_bytes(data)
    return path


SNIPPETS = [
    "\ufeff",
    "\r\n",
    "\x00",
    "\x07",
    "\x7f",
    "\x1b[31m",
    "\u202e",
    "\u2028",
    "\ud7ff",
    "𝔘",
    "<<<<<<< HEAD\n",
    "=======\n",
    ">>>>>>> theirs\n",
    '"',
    "'''",
    '"""',
    "\\",
    "\n",
    "[answers]\n",
    "[notes]\n",
    "[[answers]]\n",
    "[answers.U1]\n",
    "= ",
    "nan",
    "-inf",
    "1979-05-27",
    "07:32",
    "2026-11-23T18:51",
    "{a = 1}",
    "[1, [2]]",
    "a.b.c = 1\n",
    'status = "done"\n',
    "format = 2\n",
    'guide = "no-such-guide"\n',
    '"org" = 3\n',
    "updated = 1\n",
    '"U1.1" = "yes"\n',
    "é" * 3,
    "x" * 200,
]
VALUES = [
    '"x"',
    "3",
    "-1",
    "9223372036854775807",
    "3.5",
    "nan",
    "inf",
    "true",
    "[]",
    '["a", "a"]',
    "{}",
    "{a = 1}",
    "1979-05-27",
    "1979-05-27T07:32:00",
    "1979-05-27T07:32:00+05:30",
    "07:32:00",
    '"""\nmulti\nline\n"""',
    "'literal'",
    '"\\u00e9\\t\\n"',
    "[[1], [2]]",
    '"' + "long " * 4000 + '"',
    '"""\n' + "note line\n" * 2000 + '"""',
]


@st.composite
def mutated_case(draw, base: str) -> bytes:
    """The base file with a few edits of the kind hands, editors and merges make."""
    text = base
    for _ in range(draw(st.integers(1, 4))):
        lines = text.splitlines(keepends=True)
        op = draw(
            st.sampled_from(
                ["insert", "delete", "duplicate", "swap", "value", "bom", "crlf", "truncate"]
            )
        )
        if op == "insert":
            at = draw(st.integers(0, len(text)))
            piece = draw(st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=12)))
            text = text[:at] + piece + text[at:]
        elif op == "delete" and text:
            at = draw(st.integers(0, len(text) - 1))
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif op == "duplicate" and lines:
            at = draw(st.integers(0, len(lines) - 1))
            text = "".join(lines[: at + 1] + lines[at:])
        elif op == "swap" and len(lines) > 1:
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
        elif op == "value":
            keyed = [n for n, line in enumerate(lines) if " = " in line]
            if keyed:
                n = draw(st.sampled_from(keyed))
                key = lines[n].split(" = ", 1)[0]
                lines[n] = f"{key} = {draw(st.sampled_from(VALUES))}\n"
                text = "".join(lines)
        elif op == "bom":
            text = "\ufeff" + text
        elif op == "crlf":
            text = text.replace("\n", "\r\n")
        elif op == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
    return text.encode("utf-8", "surrogatepass")


@examples(250)
@given(data=st.data())
def test_mutated_case_files_load_or_are_refused(folder: Path, base_case: str, data) -> None:
    assert_loads_or_is_refused(write(folder, data.draw(mutated_case(base_case))))


# Case files built from scratch: every TOML type in every place.
TEXT = st.text(st.characters(codec="utf-8"), max_size=30)
SCALARS = st.one_of(
    TEXT,
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True),
    st.booleans(),
    st.dates(min_value=date(1, 1, 1)),
    st.datetimes(timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=-5))])),
    st.times(),
)
VALUES_OF_ANY_TYPE = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=8,
)
ANSWERS = {"org": "crc", "other_requirements": "yes", "U1.1": "no", "U3.4": "na"}


@st.composite
def built_case(draw) -> bytes:
    guide = catalogue().get(UPW)
    ids = [q.id for q in guide.questions]
    doc: dict[str, Any] = {}
    header = {
        "format": st.sampled_from([1, 1, 1, 2, "1"]),
        "guide": st.sampled_from([UPW, UPW, UPW, "no-such-guide", ""]),
        "guide_version": st.sampled_from(["2019-08", "2018-01", ""]),
        "case": st.one_of(st.just("C-1"), TEXT),
        "unit": TEXT,
        "assessor": TEXT,
        "status": st.sampled_from(["in_progress", "complete", "excluded", "done"]),
        "created": st.datetimes(timezones=st.just(UTC)),
        "updated": st.datetimes(timezones=st.just(UTC)),
    }
    for key, strategy in header.items():
        if draw(st.integers(0, 9)):  # mostly present
            doc[key] = draw(
                st.one_of(strategy, VALUES_OF_ANY_TYPE)
                if draw(st.integers(0, 6)) == 0
                else strategy
            )
    for _ in range(draw(st.integers(0, 2))):  # keys carag does not know
        doc[draw(TEXT.filter(bool))] = draw(VALUES_OF_ANY_TYPE)
    qid = st.one_of(st.sampled_from(ids), TEXT.filter(bool))
    answers = draw(
        st.dictionaries(
            qid, st.one_of(st.sampled_from(list(ANSWERS.values())), VALUES_OF_ANY_TYPE), max_size=8
        )
    )
    notes = draw(
        st.dictionaries(
            qid,
            st.one_of(
                TEXT,
                st.text(max_size=3000),
                st.sampled_from(["\x00\x01\x1f", "a\r\nb", "=======", "\u202eevil", "x" * 100_000]),
                VALUES_OF_ANY_TYPE,
            ),
            max_size=4,
        )
    )
    if draw(st.booleans()):
        doc["answers"] = answers
    if draw(st.booleans()):
        doc["notes"] = notes
    try:
        text = tomlkit.dumps(doc)
    except Exception:  # something tomlkit will not write: not a case file
        assume(False)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    prefix = "\ufeff" if draw(st.booleans()) else ""
    return (prefix + text).encode("utf-8")


@examples(250)
@given(data=built_case())
def test_built_case_files_load_or_are_refused(folder: Path, data: bytes) -> None:
    assert_loads_or_is_refused(write(folder, data))


@examples(150)
@given(data=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)))
def test_any_bytes_are_refused_or_loaded(folder: Path, data: bytes) -> None:
    assert_loads_or_is_refused(write(folder, data))


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 3000 + "]" * 3000,  # deeper than the parser's recursion
        "a = " + "{b = " * 2000 + "1" + "}" * 2000,
        'guide = "unpaid-work-2019"\ncase = "X"\n"U1.1" = "yes"\n',  # an answer outside [answers]
        'format = 1\nguide = "unpaid-work-2019"\ncase = "X"\n[answers]\n"U1.1" = "yes"\n'
        '"U1.1" = "no"\n',  # a key twice, as a hand-resolved merge leaves it
        'format = 1\nguide = "unpaid-work-2019"\ncase = "X"\nupdated = 2026-11-23T18:51\n',
    ],
    ids=["deep-arrays", "deep-tables", "answer-outside-table", "key-twice", "no-seconds"],
)
def test_hard_cases(folder: Path, text: str) -> None:
    assert_loads_or_is_refused(write(folder, text.encode()))


def test_a_file_without_an_updated_stamp_gets_one_in_the_header(tmp_path: Path) -> None:
    path = tmp_path / "C.toml"
    path.write_text(
        '# mine\nformat = 1\nguide = "unpaid-work-2019"\ncase = "C"\n\n[answers]\n"U1.1" = "yes"\n',
        encoding="utf-8",
    )
    casefile = load_case(path)
    casefile.set_answer(catalogue().get(UPW), "U1.2", "no")  # a save that writes something
    save_case(casefile)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data["updated"], datetime)
    assert data["answers"] == {"U1.1": "yes", "U1.2": "no"}


def test_a_byte_order_mark_is_kept(tmp_path: Path) -> None:
    path = new_case(tmp_path, "BOM-1", catalogue().get(UPW)).path
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    before = path.read_bytes()
    save_case(load_case(path), touch=False)
    assert path.read_bytes() == before


# -- guide files ---------------------------------------------------------------------------------

GUIDE_VALUES = [
    '"x"',
    "3",
    "true",
    "[]",
    '["a"]',
    "{}",
    '"yes_no"',
    '"choice"',
    '"multi"',
    '"number"',
    '"summary"',
    '"subsample"',
    '"org == crc"',
    '"org =="',
    '"U9.9 == yes"',
    '"U1.1"',
    '""',
    '[{ key = "a", label = "A" }]',
    '[{ key = "a", label = "A" }, { key = "a", label = "B" }]',
    "[{ key = 1 }]",
    "\"__import__('os').system('true')\"",
    '"' + "(" * 300 + '"',
    '"\\u0000"',
    '"' + "x" * 5000 + '"',
]
GUIDE_LINES = [
    "[[question]]\n",
    "[[standard]]\n",
    "[[key_question]]\n",
    'id = "U1.1"\n',
    'rule = "org == crc"\n',
    "unknown = 1\n",
    "[question]\n",
    'kind = "summary"\n',
    'summary = "U1S"\n',
    "format = 2\n",
]


@st.composite
def mutated_guide(draw, base: str) -> str:
    lines = base.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        op = draw(
            st.sampled_from(["insert", "delete", "duplicate", "swap", "value", "value", "chars"])
        )
        if op == "insert":
            lines.insert(at, draw(st.sampled_from(GUIDE_LINES)))
        elif op == "delete":
            del lines[at]
        elif op == "duplicate":
            lines.insert(at, lines[at])
        elif op == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif op == "value":
            keyed = [n for n, line in enumerate(lines) if " = " in line and line[0] != " "]
            n = draw(st.sampled_from(keyed))
            lines[n] = lines[n].split(" = ", 1)[0] + " = " + draw(st.sampled_from(GUIDE_VALUES))
            lines[n] += "\n"
        else:
            line = lines[at]
            cut = draw(st.integers(0, len(line)))
            lines[at] = line[:cut] + draw(st.text(max_size=4)) + line[cut:]
    text = "".join(lines)
    if draw(st.integers(0, 5)) == 0:
        text = text.replace("\n", "\r\n")
    if draw(st.integers(0, 5)) == 0:
        text = "\ufeff" + text
    return text


def assert_guide_loads_or_is_refused(path: Path) -> None:
    before = snapshot(path.parent)
    try:
        guide = load_guide(path)
    except ProblemsError as exc:
        refused_properly(exc, path)
        tally("refused")
    else:
        tally("loaded")
        assert guide.questions and guide.path == path
    assert snapshot(path.parent) == before


BASE_GUIDE = (REPO / "guides" / "victim-work-2020.toml").read_text(encoding="utf-8")


@examples(60)
@given(text=mutated_guide(BASE_GUIDE))
def test_mutated_guide_files_load_or_are_refused(folder: Path, text: str) -> None:
    assert_guide_loads_or_is_refused(write(folder, text.encode("utf-8", "surrogatepass")))


@st.composite
def built_guide(draw) -> str:
    small = st.one_of(
        st.sampled_from(
            ["s", "k", "q", "yes_no", "choice", "summary", "all", "subsample", "org == yes", ""]
        ),
        TEXT,
        SCALARS,
    )
    table = st.dictionaries(
        st.sampled_from(
            [
                "id",
                "title",
                "standard",
                "key_question",
                "kind",
                "text",
                "answer",
                "options",
                "rule",
                "summary",
                "sample",
                "rated",
                "guidance",
                "number",
                "other",
            ]
        ),
        st.one_of(small, VALUES_OF_ANY_TYPE),
        max_size=8,
    )
    doc = {
        "format": draw(st.sampled_from([1, 1, 2])),
        "id": draw(st.sampled_from(["g", "", "x y"])),
        "title": "T",
        "version": "1",
        "source": "S",
        "standard": draw(st.lists(table, max_size=3)),
        "key_question": draw(st.lists(table, max_size=3)),
        "question": draw(st.lists(table, max_size=4)),
    }
    try:
        return tomlkit.dumps(doc)
    except Exception:  # something tomlkit will not write
        assume(False)
        raise


@examples(150)
@given(text=built_guide())
def test_built_guide_files_load_or_are_refused(folder: Path, text: str) -> None:
    assert_guide_loads_or_is_refused(write(folder, text.encode()))


def test_a_guide_nested_too_deeply_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000, encoding="utf-8")
    with pytest.raises(ProblemsError, match="nested too deeply"):
        parse_guide(path.read_text(), path)


# -- case references and paths from the command line -----------------------------------------

ESCAPES = [
    "../../x",
    "../x",
    "..",
    ".",
    "/tmp/x",
    "/etc/passwd",
    "a/b",
    "a\\b",
    "x\x00y",
    "abc\n",
    "\nabc",
    "a\rb",
    " x",
    "x ",
    "-x",
    ".hidden",
    "~/x",
    "C:x",
    "con",
    "x" * 65,
    "é",
    "a\u2028b",
    "%2e%2e%2fx",
    "x.toml",
    "",
]


def every_file(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def test_case_references_cannot_escape_the_folder(tmp_path: Path, carag) -> None:
    root = tmp_path / "root"
    workspace = root / "work" / "cases"
    workspace.mkdir(parents=True)

    @examples(120)
    @given(
        ref=st.one_of(
            st.sampled_from(ESCAPES),
            st.text(max_size=20),
            st.text(string.ascii_letters + string.digits + "./\\-_~", max_size=12),
        )
    )
    def run(ref: str) -> None:
        before = every_file(root)
        result = carag("new", "--guide", UPW, "--dir", workspace, "--", ref)
        made = every_file(root) - before
        if result.code == 0:
            assert CASE_REF.fullmatch(ref)
            assert made == {workspace / f"{ref}.toml"}
            assert result.out.strip() == str(workspace / f"{ref}.toml")
            (workspace / f"{ref}.toml").unlink()
        else:
            assert made == set(), f"{ref!r} made {made}"
            assert result.err.strip()
            assert "Traceback" not in result.err

    run()


@pytest.mark.parametrize("ref", ESCAPES)
def test_case_path_refuses_anything_but_a_plain_name(tmp_path: Path, ref: str) -> None:
    try:
        path = case_path(tmp_path, ref)
    except ValueError as exc:
        assert "must start with a letter or digit" in str(exc) or "Windows" in str(exc)
    else:
        assert path.parent == tmp_path
        assert path.name == f"{ref}.toml" and "/" not in ref and "\n" not in ref


# -- rules, guides and themes are data, never code -------------------------------------------

PAYLOAD = "__import__('os').system('touch {sentinel}')"


def test_a_rule_holding_python_is_a_syntax_error_and_never_runs(tmp_path: Path) -> None:
    sentinel = tmp_path / "ran"
    for rule in (
        PAYLOAD,
        f"org == {PAYLOAD}",
        f'eval("{PAYLOAD}")',
        "exec('import os')",
        "org in [__import__('os')]",
        "{{7*7}}",
        "${{7*7}}",
        "`touch x`",
    ):
        with pytest.raises(RuleSyntaxError):
            parse_rule(rule.format(sentinel=sentinel))
    assert not sentinel.exists()


def user_guide(carag_home: Path, text: str, name: str = "mine.toml") -> Path:
    folder = carag_home / "data" / "guides"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_guides_are_data_never_code(tmp_path: Path, carag, carag_home: Path) -> None:
    sentinel = tmp_path / "ran"
    payload = PAYLOAD.format(sentinel=sentinel)
    code = f"import os\nos.system('touch {sentinel}')\n"
    base = (REPO / "guides" / "unpaid-work-2019.toml").read_text(encoding="utf-8")
    evil_guidance = f"```python\n{code}```\n\n{{{{ {payload} }}}}\n\n"
    mine = (
        base.replace('id = "unpaid-work-2019"', 'id = "my-guide"')
        .replace("Which organisation manages the case?", payload)
        .replace(
            'guidance = """\nThe unpaid work sample',
            f'guidance = """\n{evil_guidance}The unpaid work sample',
        )
    )
    user_guide(carag_home, mine)
    user_guide(
        carag_home,
        base.replace('id = "unpaid-work-2019"', 'id = "evil-rule"').replace(
            'rule = "other_requirements == yes or org == nps"', f'rule = "{payload}"'
        ),
        "evil.toml",
    )
    user_guide(carag_home, code, "evil.py")  # not a guide file at all: never looked at
    (carag_home / "data" / "guides" / "__init__.py").write_text(code)
    listed = carag("guides")
    assert "my-guide" in listed.out
    assert "evil.toml" in listed.out + listed.err  # reported as broken, by file
    shown = carag("guide", "my-guide")
    assert payload in shown.out
    made = carag("new", "G-1", "--guide", "my-guide", "--dir", tmp_path)
    assert made.code == 0
    sheet = carag("show", tmp_path / "G-1.toml")
    assert payload in sheet.out  # the question, shown as the text it is
    assert not sentinel.exists()


async def test_user_themes_are_data_never_code(tmp_path: Path, carag_home: Path) -> None:
    from carag_tui.tui.app import make_app

    sentinel = tmp_path / "ran"
    payload = PAYLOAD.format(sentinel=sentinel)
    themes = carag_home / "config" / "themes"
    themes.mkdir(parents=True)
    (themes / "evil.toml").write_text(f'name = "evil"\nprimary = "{payload}"\n')
    (themes / "evil2.toml").write_text(f'name = "evil2"\nprimary = "#ff0000"\ncode = "{payload}"\n')
    (themes / "evil.py").write_text(f"import os\nos.system('touch {sentinel}')\n")
    files, problems = read_theme_files([themes])
    assert [f.path.name for f in files] == ["evil.toml"]  # well formed, judged when registered
    assert "unknown theme field(s): code" in str(problems[0])
    path = new_case(tmp_path, "T-1", catalogue().get(UPW)).path
    app = make_app(case_path=path, theme="evil")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme != "evil"
        messages = " ".join(n.message for n in app._notifications)
        assert "evil.toml" in messages and "evil2.toml" in messages
    assert not sentinel.exists()


def test_a_theme_nested_too_deeply_is_reported_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "deep.toml").write_text("x = " + "[" * 5000 + "]" * 5000)
    files, problems = read_theme_files([tmp_path])
    assert files == [] and "nested too deeply" in str(problems[0])


# -- case values of every kind survive the walk code -----------------------------------------


def test_any_answer_value_is_checked_not_crashed_on(folder: Path) -> None:
    """Whatever a hand-edited file holds as an answer, check, show and the walk cope."""
    from carag_tui.case.flow import Walk

    guide = catalogue().get(UPW)

    @examples(150)
    @given(
        answers=st.dictionaries(
            st.sampled_from([q.id for q in guide.questions]), VALUES_OF_ANY_TYPE, max_size=6
        )
    )
    def run(answers: dict) -> None:
        walk = Walk(guide, answers)
        walk.progress()
        walk.missing()
        walk.inapplicable_answers()
        assert walk.complete in (True, False)
        for question in walk.applicable:
            value = walk.answer(question.id)
            assert value is None or value == answers[question.id]

    run()


def test_times_without_seconds_are_refused_by_the_app_as_by_check(tmp_path: Path) -> None:
    """tomlkit reads `07:32` where tomllib (and so `carag check`) does not: the app refuses too,
    so it never opens (and saves back) a file that reports would then reject."""
    path = new_case(tmp_path, "T-1", catalogue().get(UPW)).path
    text = path.read_text(encoding="utf-8").replace("[answers]\n", '[answers]\n"U1.1" = 07:32\n')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_case(path)
    refused_properly(caught.value, path)
    assert "line 11" in str(caught.value) or "not valid TOML" in str(caught.value)
