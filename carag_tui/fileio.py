"""Every file carag reads or writes goes through here: only regular files are read, within
limits, and nothing is written that has not been read back.

A FIFO named `X.toml` would block a plain `open()` for ever, a symlink to `/dev/zero` would fill
memory, and a small file of very deep keys keeps tomllib busy for seconds and gigabytes. So a
file is opened without blocking, checked on the open descriptor (`fstat`, not the name, which can
change in between), read up to a size limit, and its nesting and dotted-key depth are bounded
before tomllib sees it. Writes go to a temporary file beside the target that is read back (and,
for TOML, parsed and compared with what was meant) before it is renamed over the target, so a
failed or wrong write leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Mapping
from itertools import repeat
from pathlib import Path
from typing import Any

from carag_tui.atomic import atomic_write as _atomic_write
from carag_tui.atomic import sync_folder, write_temp
from carag_tui.problems import Problem, ProblemsError, toml_error

#: The largest case, guide or settings file read: a case file is about 10 KB, the largest
#: bundled guide about 120 KB, and tomllib takes about a second for a megabyte of dense TOML.
MAX_FILE_BYTES = 1024 * 1024
#: Deepest nesting of arrays and inline tables, and most parts of a dotted key, accepted.
MAX_NESTING = 32
MAX_KEY_PARTS = 16


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def read_bytes(path: Path, *, limit: int = MAX_FILE_BYTES, what: str = "file") -> bytes:
    """The bytes of regular file `path`, at most `limit` of them.

    Raises `ProblemsError` naming the file for anything else (a FIFO, a device, a folder, too
    large, unreadable); a missing file raises `FileNotFoundError`, for callers to whom that is
    not an error.
    """
    path = path if isinstance(path, Path) else Path(path)  # no second parse of a Path
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise ProblemsError([Problem(path, f"cannot read {what}: {exc.strerror or exc}")]) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ProblemsError(
                [
                    Problem(
                        path, f"cannot read {what}: it is {_kind(info.st_mode)}, not a regular file"
                    )
                ]
            )
        if info.st_size > limit:
            raise ProblemsError(
                [
                    Problem(
                        path,
                        f"cannot read {what}: it is {_size(info.st_size)}, larger than the "
                        f"{_size(limit)} carag reads",
                    )
                ]
            )
        chunks, total = [], 0
        while total <= limit:
            # the size the file says it has, and one byte more to see its end: a 1 MiB buffer
            # per read costs a case file (~5 KB) more than the read itself (a fresh mapping)
            want = max(info.st_size + 1 - total, 1 << 12)
            chunk = os.read(fd, min(want, 1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise ProblemsError(
                [Problem(path, f"cannot read {what}: it grew past the {_size(limit)} carag reads")]
            )
        return b"".join(chunks)
    except OSError as exc:
        raise ProblemsError([Problem(path, f"cannot read {what}: {exc.strerror or exc}")]) from exc
    finally:
        os.close(fd)


def read_head(path: Path, size: int) -> bytes | None:
    """The first `size` bytes of regular file `path`; None for anything else (or unreadable)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        return os.read(fd, size) if stat.S_ISREG(os.fstat(fd).st_mode) else None
    except OSError:
        return None
    finally:
        os.close(fd)


def read_text(path: Path, *, limit: int = MAX_FILE_BYTES, what: str = "file") -> str:
    """`read_bytes` decoded as UTF-8 (a byte-order mark is dropped)."""
    data = read_bytes(path, limit=limit, what=what)
    return decode(data, path, what)


def decode(data: bytes, path: Path, what: str = "file") -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProblemsError(
            [Problem(path, f"cannot read {what}: not UTF-8 text (byte {exc.start})")]
        ) from exc


# Strings and comments, leftmost first, so that brackets and dots inside them are not counted.
_STRINGS = re.compile(
    r'"""(?:[^\\]|\\[\s\S])*?"""|\'\'\'[\s\S]*?\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*'
)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_PAIR = re.compile(r"\[\]|\{\}")
_DEEP_KEY = re.compile(r"(?:[\w-]+[ \t]*\.[ \t]*){" + str(MAX_KEY_PARTS) + r"}[\w-]")


def check_shape(text: str, path: Path) -> None:
    """Refuse TOML nested deeper than MAX_NESTING or with keys of more than MAX_KEY_PARTS
    parts, in linear time, before a parser spends seconds and gigabytes on it.

    Most files cannot break either limit, and are let through on counts alone: a dotted key
    sits on one line, so one of MAX_KEY_PARTS parts needs that many dots on a line, and values
    nested MAX_NESTING deep need that many brackets."""
    deep_key = text.count(".") >= MAX_KEY_PARTS and (
        max(map(str.count, text.split("\n"), repeat("."))) >= MAX_KEY_PARTS
    )
    nested = text.count("[") + text.count("{") > MAX_NESTING
    if not deep_key and not nested:
        return
    bare = _STRINGS.sub("s", text)
    match = _DEEP_KEY.search(bare) if deep_key else None
    if match is not None:
        line = bare.count("\n", 0, match.start()) + 1
        raise ProblemsError(
            [
                Problem(
                    path,
                    f"not valid TOML: a dotted key nested too deeply (more than "
                    f"{MAX_KEY_PARTS} parts; carag reads no deeper)",
                    line,
                )
            ]
        )
    if not nested:
        return
    brackets = _NOT_BRACKET.sub("", bare)
    for _ in range(MAX_NESTING):  # each pass removes the innermost pairs
        brackets, removed = _PAIR.subn("", brackets)
        if not brackets:
            return
        if not removed:
            break
    depth = 0
    for char in brackets:
        depth = depth + 1 if char in "[{" else max(0, depth - 1)
        if depth > MAX_NESTING:
            raise ProblemsError(
                [
                    Problem(
                        path,
                        f"not valid TOML: values nested too deeply (more than {MAX_NESTING} "
                        f"levels; carag reads no deeper)",
                    )
                ]
            )


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """tomllib's parse of `text`, bounded first (`check_shape`); every failure is a
    `ProblemsError` naming `path` and, where known, the line."""
    import tomllib

    check_shape(text, path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line = toml_error(exc, text)
        raise ProblemsError([Problem(path, f"not valid TOML: {message}", line)]) from exc
    except (RecursionError, MemoryError) as exc:
        raise ProblemsError([Problem(path, "not valid TOML: values nested too deeply")]) from exc


def read_toml(path: Path, what: str = "file", *, limit: int = MAX_FILE_BYTES) -> dict[str, Any]:
    """A TOML file carag only reads; `FileNotFoundError` passes through."""
    return parse_toml(read_text(path, limit=limit, what=what), path)


def make_private_dirs(folder: Path) -> None:
    """Create `folder` and any missing parents, each 0700 whatever the umask.

    (`Path.mkdir(parents=True, mode=…)` applies the mode to the last folder only, and the
    umask applies to that.)
    """
    missing = []
    current = Path(folder)
    while not current.exists():
        missing.append(current)
        current = current.parent
    for each in reversed(missing):
        with contextlib.suppress(FileExistsError):
            each.mkdir(mode=0o700)
            os.chmod(each, 0o700)


def _verify_toml(path: Path, written: bytes, expected: Mapping[str, Any]) -> None:
    """Refuse a write whose TOML does not parse or does not hold `expected`."""
    import tomllib

    text = written.decode("utf-8-sig")
    try:
        found = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line = toml_error(exc, text)
        raise ProblemsError(
            [
                Problem(
                    path,
                    f"not saved: the file carag was about to write does not parse ({message}); "
                    f"the file on disk is as it was",
                    line,
                )
            ]
        ) from exc
    difference = first_difference(expected, found)
    if difference is not None:
        raise ProblemsError(
            [
                Problem(
                    path,
                    f"not saved: the file carag was about to write {difference}; the file on "
                    f"disk is as it was",
                )
            ]
        )


def first_difference(
    expected: Mapping[str, Any], found: Mapping[str, Any], where: str = ""
) -> str | None:
    """How `found` differs from `expected` (the first key), or None where they are equal."""
    for key, value in expected.items():
        name = f"{where}.{key}" if where else str(key)
        if key not in found:
            return f"lost {name}"
        other = found[key]
        if isinstance(value, Mapping) and isinstance(other, Mapping):
            inner = first_difference(value, other, name)
            if inner is not None:
                return inner
        elif not _same(value, other):
            return f"changed {name}"
    extra = [key for key in found if key not in expected]
    return f"gained {where + '.' if where else ''}{extra[0]}" if extra else None


def _same(a: Any, b: Any) -> bool:
    """Equal as TOML values: a line break in a multi-line string reads back as LF (tomllib),
    and NaN is NaN."""
    if isinstance(a, str) and isinstance(b, str):
        return a.replace("\r\n", "\n") == b.replace("\r\n", "\n")
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return first_difference(a, b) is None
    return bool(a == b)


def atomic_write(
    path: Path,
    data: str | bytes,
    *,
    mode: int = 0o600,
    keep_mode: bool = True,
    expect_toml: Mapping[str, Any] | None = None,
) -> None:
    """`carag_tui.atomic.atomic_write`, and with `expect_toml` the file about to be renamed
    into place is parsed and compared with it first (refused, `path` untouched, if it differs).
    """
    check = None
    if expect_toml is not None:
        expected = expect_toml

        def check(raw: bytes) -> None:
            _verify_toml(Path(path), raw, expected)

    _atomic_write(path, data, mode=mode, keep_mode=keep_mode, check=check)


def create_exclusive(
    path: Path, data: str | bytes, *, mode: int = 0o600, durable: bool = True
) -> None:
    """Create `path` holding `data`, all at once: it appears complete or not at all (a full disk
    leaves nothing behind). `FileExistsError` when something is already there. Not `durable`
    (a lock): not synced to disk, which a power cut may lose but which costs no disk wait."""
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    tmp = write_temp(path, raw, mode, durable=durable)
    try:
        os.link(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    if durable:
        sync_folder(path.parent)
