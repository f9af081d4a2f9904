"""Generated case files in the layouts a person may write by hand (inline tables, dotted keys,
`[answers]` in pieces, comments, CRLF, a byte-order mark, unknown keys and tables), and
files that are not case files at all (FIFOs, symlinks in and out of the folder, to a device,
dangling, over the size limit, folders).

The property of `test_properties`: each loads and survives a save unchanged (every value,
and here every comment too), or is refused naming the file; nothing else is raised, nothing
is written. CARAG_PROPERTY_EXAMPLES=N runs N examples of each instead of the default.
"""

from __future__ import annotations

import itertools
import json
import os
import stat
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_properties import assert_loads_or_is_refused, examples, read_every_way, tally

from carag_tui.case.store import save_case
from carag_tui.fileio import MAX_FILE_BYTES
from carag_tui.guide.registry import catalogue

UPW = "unpaid-work-2019"
LAYOUTS = ("table", "inline", "dotted", "pieces", "absent")
NOTES = [
    "one",
    "two\nlines",
    "x # not a comment",
    'quote " here',
    "tab\there",
    "é ünïcode",
    "= not a key",
    "[answers]",
    "ends with a backslash \\",
]
_names = itertools.count()


def _value(value: str) -> str:
    return json.dumps(value)  # a TOML basic string (JSON's escapes are TOML's)


@st.composite
def laid_out_case(draw) -> tuple[str, list[str]]:
    """(text, the comment markers in it) of a case file in generated layouts."""
    ids = [q.id for q in catalogue().get(UPW).questions][:14]
    answers = draw(
        st.dictionaries(
            st.sampled_from(ids), st.sampled_from(["yes", "no", "na", "crc", "nps"]), max_size=6
        )
    )
    notes = draw(st.dictionaries(st.sampled_from(ids), st.sampled_from(NOTES), max_size=3))
    marks = itertools.count()
    comments: list[str] = []

    def comment() -> str:
        if not draw(st.booleans()):
            return ""
        comments.append(f"c{next(marks)}x")
        return f" # {comments[-1]}"

    top = [
        "format = 1",
        f'guide = "{UPW}"',
        'case = "GEN-1"',
        'status = "in_progress"',
        "created = 2026-11-23T09:00:00Z",
        "updated = 2026-11-23T09:00:00Z",
    ]
    top = [line + comment() for line in top]
    if draw(st.booleans()):
        top.append('reviewer_x = "kept"' + comment())  # a key carag does not know
    tables: list[str] = []
    for name, values in (("answers", answers), ("notes", notes)):
        layout = draw(st.sampled_from(LAYOUTS))
        items = [f"{_value(k)} = {_value(v)}" for k, v in values.items()]
        if layout == "absent" or (not items and layout != "table"):
            continue
        if layout == "inline":
            top.append(f"{name} = {{ {', '.join(items)} }}" + comment())
        elif layout == "dotted":
            top += [f"{name}.{item}" + comment() for item in items]
        elif layout == "table":
            tables.append(
                f"[{name}]" + comment() + "\n" + "".join(item + comment() + "\n" for item in items)
            )
        else:  # in pieces: a table, something else, then a sub-table of it
            tables.append(f"[{name}]\n" + "".join(item + comment() + "\n" for item in items))
            tables.append(f"[mine_{name}]\nkeep = 1" + comment() + "\n")
            tables.append(f'[{name}.extra]\nx = "1"' + comment() + "\n")
    if draw(st.booleans()):
        tables.append("# a comment line" + comment() + '\n[review]\nstate = "draft"\n')
    text = "\n".join(top) + "\n\n" + "\n".join(tables)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text, comments


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("layouts")


@examples(150)
@given(case=laid_out_case())
def test_hand_written_layouts_load_and_save_whole_or_are_refused(
    folder: Path, case: tuple[str, list[str]]
):
    text, comments = case
    place = folder / f"c{next(_names)}"
    place.mkdir()
    path = place / "CASE.toml"
    path.write_bytes(text.encode("utf-8"))
    before = tomllib.loads(text.removeprefix("\ufeff"))
    assert_loads_or_is_refused(path)
    after_text = path.read_bytes().decode("utf-8-sig")
    if after_text == text.removeprefix("\ufeff"):
        return  # refused (or nothing to change)
    after = tomllib.loads(after_text)
    for key, value in before.items():
        if key != "updated":
            assert after[key] == value, key
    for mark in comments:  # every comment survives the rewrite
        assert mark in after_text, mark
    if "\r\n" in text:  # one line ending throughout
        assert after_text.count("\r\n") == after_text.count("\n")
    else:
        assert "\r" not in after_text


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Each entry's type and modification time, read without opening anything."""
    return {p.name: (os.lstat(p).st_mode, os.lstat(p).st_mtime_ns) for p in folder.iterdir()}


def make_hostile(kind: str, place: Path, outside: Path) -> Path:
    path = place / "CASE.toml"
    good = outside / "good.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "dangling":
        path.symlink_to(place / "nowhere.toml")
    elif kind == "outside":
        path.symlink_to(good)
    elif kind == "inside":
        (place / "sub").mkdir()
        (place / "sub" / "real.toml").write_bytes(good.read_bytes())
        path.symlink_to(Path("sub") / "real.toml")
    elif kind == "oversize":
        path.write_bytes(good.read_bytes() + b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    elif kind == "folder":
        path.mkdir()
    return path


KINDS = ["fifo", "dev-zero", "dangling", "outside", "inside", "oversize", "folder"]


@examples(40)
@given(kind=st.sampled_from(KINDS), crlf=st.booleans())
def test_files_that_are_not_plain_case_files_are_refused_or_written_through(
    folder: Path, kind: str, crlf: bool
):
    from carag_tui.case.editing import new_case

    outside = folder / f"o{next(_names)}"
    good = new_case(outside, "good", catalogue().get(UPW)).path
    if crlf:
        good.write_bytes(good.read_bytes().replace(b"\n", b"\r\n"))
    place = folder / f"h{next(_names)}"
    place.mkdir()
    path = make_hostile(kind, place, outside)
    before, target_before = listing(place), good.read_bytes()
    outcomes, check = read_every_way(path)
    assert listing(place) == before, "reading changed the folder"
    if kind == "outside":  # read, never edited
        assert outcomes["read"] is not None and outcomes["load"] is None and not check.errors
        tally("refused for editing")
    elif kind == "inside":  # edited through the link, which stays a link
        assert outcomes["load"] is not None
        save_case(outcomes["load"])
        assert stat.S_ISLNK(os.lstat(path).st_mode)
        real = place / "sub" / "real.toml"
        raw = real.read_bytes()
        assert (
            tomllib.loads(raw.decode()) and (raw.count(b"\r\n") == raw.count(b"\n")) == crlf
        ) or not crlf
        tally("written through")
    else:
        assert outcomes["read"] is None and outcomes["load"] is None and check.errors
        tally("refused")
    assert good.read_bytes() == target_before
