"""tomlkit helpers: a case file's TOML document edited in place, laid out for `git diff`.

These know only the document; `CaseFile` (case/casefile.py) keeps the model in step.

Answers and notes go in guide order, one a line, with the question as a trailing comment; what
a person wrote by hand (comments, blank lines, key order) is left as it is.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import (
    AoT,
    Comment,
    InlineTable,
    Item,
    String,
    StringType,
    Table,
    Trivia,
    Whitespace,
)

from carag_tui.case.model import FORMAT, Case
from carag_tui.guide.model import Guide
from carag_tui.guide.rules import AnswerValue
from carag_tui.problems import Problem, ProblemsError

HEADER_LINE = (
    "carag case file: open with `carag open FILE`; "
    "safe to edit by hand, `carag check FILE` validates"
)
COMMENT_WIDTH = 96


def _cut(text: str) -> str:
    return text if len(text) <= COMMENT_WIDTH else text[: COMMENT_WIDTH - 1].rstrip() + "…"


def comments(guide: Guide) -> dict[str, str]:
    """Each question's text as the comment beside its answer, cut to `COMMENT_WIDTH`. Where
    two cut the same (A3.11 and A3.12 differ only in their last words), each keeps its start
    and then the words where it parts from the others, so that every comment stays unique."""
    found = _COMMENTS.get(guide.id)
    if found is not None and found[0] is guide:
        return found[1]
    texts = {q.id: " ".join(q.text.split()) for q in guide.questions}
    cut = {qid: _cut(text) for qid, text in texts.items()}
    alike: dict[str, list[str]] = {}
    for qid, comment in cut.items():
        alike.setdefault(comment, []).append(qid)
    for ids in (ids for ids in alike.values() if len(ids) > 1):
        for qid in ids:
            text = texts[qid]
            parts = max(_shared(text, texts[other]) for other in ids if other != qid)
            start = text.rfind(" ", 0, max(0, parts - 12)) + 1
            cut[qid] = _cut(f"{text[:24].rstrip()} … {text[start:]}")
    _COMMENTS[guide.id] = (guide, cut)
    return cut


_COMMENTS: dict[str, tuple[Guide, dict[str, str]]] = {}


def _shared(a: str, b: str) -> int:
    """How many leading characters `a` and `b` have in common."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def parse_document(text: str, path: Path) -> tomlkit.TOMLDocument:
    """tomlkit's parse of a case file that tomllib has read; what tomlkit alone refuses is a
    `ProblemsError` naming the file."""
    try:
        return tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        message = str(exc).rsplit(" at line", 1)[0]
        raise ProblemsError(
            [Problem(path, f"cannot be edited: {message} (column {exc.col})", exc.line)]
        ) from exc
    except tomlkit.exceptions.TOMLKitError as exc:
        raise ProblemsError([Problem(path, f"cannot be edited: {exc}")]) from exc
    except RecursionError as exc:
        raise ProblemsError([Problem(path, "cannot be edited: values nested too deeply")]) from exc


def new_document(case: Case) -> tomlkit.TOMLDocument:
    doc = tomlkit.document()
    doc.add(tomlkit.comment(HEADER_LINE))
    doc.add("format", FORMAT)
    doc.add("guide", case.guide)
    doc.add("guide_version", case.guide_version)
    doc.add("case", case.case)
    doc["case"].comment("case reference; no names of service users")
    if case.unit is not None:
        doc.add("unit", case.unit)
        doc["unit"].comment("grouping label for reports (e.g. local delivery unit)")
    if case.assessor is not None:
        doc.add("assessor", case.assessor)
    doc.add("status", str(case.status))
    doc["status"].comment("in_progress | complete | excluded")
    doc.add("created", case.created)
    doc.add("updated", case.updated)
    doc.add(tomlkit.nl())
    doc.add("answers", tomlkit.table())
    doc.add("notes", tomlkit.table())
    return doc


def _table(doc: tomlkit.TOMLDocument, name: str) -> Table:
    if name not in doc:
        doc.add(tomlkit.nl())
        doc.add(name, tomlkit.table())
    return doc[name]


def _insert_in_order(table: Table, key: str, item: Item, order: list[str]) -> None:
    """Add `key` after the nearest key that precedes it in guide order, else at the top."""
    if key in table:
        old = table.item(key)
        if isinstance(old, Item):  # its comment is kept (a table split in two has none)
            item.trivia.comment_ws = old.trivia.comment_ws or item.trivia.comment_ws
            item.trivia.comment = old.trivia.comment or item.trivia.comment
        table[key] = item
        return
    container = table.value
    rank = {qid: i for i, qid in enumerate(order)}
    mine = rank.get(key, len(order))
    before = [k for k in table if rank.get(k, -1) < mine and k in rank]
    if before:
        previous = max(before, key=lambda k: rank[k])
        container._insert_after(previous, key, item)
    elif len(table):
        container._insert_at(0, key, item)
    else:
        table.add(key, item)
        return
    # tomlkit's positional inserts update the container but not the table's own dict view.
    if key not in dict.keys(table):
        dict.__setitem__(table, key, item)


def set_answer(
    doc: tomlkit.TOMLDocument, guide: Guide, qid: str, value: AnswerValue | None
) -> None:
    """Set (or, with None, remove) an answer in `[answers]`, in guide order, with the
    question as its comment."""
    answers = _table(doc, "answers")
    if value is None:
        if qid in answers:
            del answers[qid]
        return
    item = tomlkit.item(value)
    if guide.has_question(qid):
        item.comment(comments(guide)[qid])
    _insert_in_order(answers, qid, item, [q.id for q in guide.questions])


def set_note(
    doc: tomlkit.TOMLDocument, guide: Guide, qid: str, note: str, current: str | None = None
) -> str | None:
    """Set a note in `[notes]` (an empty one removes it); multi-line strings for clean diffs.
    Returns the note as kept (one final newline), None where it was removed. `current` is
    the note held now: an unchanged note leaves the document alone."""
    notes = _table(doc, "notes")
    note = note.strip("\n")
    if not note.strip():
        if qid in notes:
            del notes[qid]
        return None
    if current in (note + "\n", note):
        return current
    _insert_in_order(notes, qid, note_item(note + "\n"), [q.id for q in guide.questions])
    return note + "\n"


_MARKER_START = re.compile(r"^([<=>|])(?=\1{6})", re.MULTILINE)


def note_item(text: str) -> String:
    """A multi-line string that opens on its own line, so a note diffs line by line.

    A line of the note that starts like a git conflict marker ("=======" under a heading) is
    written with its first character escaped, so the file never looks conflicted.
    """
    raw = tomlkit.string(text, multiline=True).as_string()[3:-3]
    raw = _MARKER_START.sub(lambda m: f"\\u{ord(m.group(1)):04X}", raw)
    return String(StringType.MLB, text, "\n" + raw, Trivia())


def set_header(doc: tomlkit.TOMLDocument, key: str, value: Any) -> None:
    """Change a header value (status, unit, …), keeping its comment; a new one goes before
    the first table; None removes it."""
    if value is None:
        if key in doc:
            del doc[key]
        return
    if key in doc:
        old = doc.item(key)
        item = tomlkit.item(value)
        if isinstance(old, Item):  # its comment is kept
            item.trivia.comment_ws, item.trivia.comment = (
                old.trivia.comment_ws,
                old.trivia.comment,
            )
        doc[key] = item
    else:
        body = doc.body
        first = next(
            (
                i
                for i, (name, item) in enumerate(body)
                if name is not None and isinstance(item, Table | AoT)
            ),
            None,
        )
        if first is None:
            doc.add(key, value)
        else:  # a header key goes before the first table, above the blank lines that lead to it
            while (
                first > 0
                and body[first - 1][0] is None
                and isinstance(body[first - 1][1], Whitespace)
            ):
                first -= 1
            doc._insert_at(first, key, tomlkit.item(value))


#: The tables carag edits key by key: kept in the standard layout (one `[name]` table).
EDITED_TABLES = ("answers", "notes", "examples", "judged")


def standard_layout(doc: tomlkit.TOMLDocument, path: Path) -> list[str]:
    """Rewrite the tables carag edits where tomlkit cannot edit them in place (an inline
    `answers = {…}`, dotted keys `answers."U1.1" = …`, a table given in several pieces) as one
    `[name]` table, each key a line, keeping every value, its comment and the comment lines
    between; return the names rewritten. Where the rewrite would not hold exactly the same
    data, nothing is changed and a `ProblemsError` says how to fix the file by hand."""
    before = doc.unwrap()
    rewritten = []
    for name in EDITED_TABLES:
        parts = [
            (i, item)
            for i, (key, item) in enumerate(doc.body)
            if key is not None and key.key == name
        ]
        if not parts or (
            len(parts) == 1
            and type(parts[0][1]) is Table
            and not parts[0][1].is_super_table()
            and not doc.body[parts[0][0]][0].is_dotted()  # type: ignore[union-attr]
        ):
            continue
        if not all(isinstance(item, Table | InlineTable) for _, item in parts):
            continue  # not a table at all: the check reports it, nothing is edited
        table = tomlkit.table()
        for _, part in parts:
            if isinstance(part, InlineTable) and part.trivia.comment:
                table.comment(_comment_text(part.trivia.comment))
            for key, item in part.value.body:
                if key is None:
                    if isinstance(item, Comment):
                        table.add(tomlkit.comment(_comment_text(item.as_string())))
                    continue
                table.add(key.key, _fresh(item, notes=name == "notes"))
        first = parts[0][0]
        del doc[name]
        plain_after = any(
            key is not None and not isinstance(item, Table | AoT) for key, item in doc.body[first:]
        )
        if plain_after:  # a header key follows: the table goes after the last of them
            doc.add(tomlkit.nl())
            doc.add(name, table)
        else:
            doc._insert_at(first, name, table)
        rewritten.append(name)
    if rewritten and doc.unwrap() != before:
        raise ProblemsError(
            [
                Problem(
                    path,
                    f"cannot be edited: carag cannot rewrite {', '.join(rewritten)} safely; write "
                    f'each as one [{rewritten[0]}] table, a key a line (`org = "crc"`), and open '
                    "the file again",
                )
            ]
        )
    return rewritten


def _comment_text(raw: str) -> str:
    return raw.strip().removeprefix("#").strip()


def _fresh(item: Item, *, notes: bool) -> Item:
    """`item` as a line of a standard table (its value and comment, not its old layout); a
    sub-table (`[answers.extra]`) is kept as it is, with its own comments."""
    if isinstance(item, Table | AoT):
        return item
    value = item.unwrap()
    fresh = (
        note_item(value)
        if notes and isinstance(value, str) and "\n" in value
        else tomlkit.item(value)
    )
    if item.trivia.comment:
        fresh.comment(_comment_text(item.trivia.comment))
    return fresh
