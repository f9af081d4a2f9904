"""The workspace index: each case file's row, kept in the user cache so that reopening a large
workspace shows every row at once instead of reading every file again.

It is data (JSON), never code, and only a speed-up: deleting it loses nothing. An entry is
used only while the case file's size, modification time, change time and inode are those it
was made from, and the guide it was counted against is the same file (path, size, mtime);
anything else, and every file that does not read, is read again. The change time cannot be set
back by hand, and a file changed in the two seconds before its row was made is not kept (a
filesystem's clock may be too coarse to tell two such writes apart), so a row is never shown
over what the file now says. An index that does not parse, fails its checksum, names another
folder or carag's code of another version, or is not the user's own, is ignored whole and
rebuilt; a malformed entry is read again from its file.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from carag_tui.case.scan import CaseScanner
from carag_tui.case.summary import REVIEWS, STATUSES, CaseSummary, summarise
from carag_tui.case.workspace import iter_case_files
from carag_tui.fileio import make_private_dirs, read_bytes
from carag_tui.guide.cache import code_fingerprint as guide_code
from carag_tui.paths import PACKAGE_DIR, cache_dir

KIND = "carag-workspace-index"
FORMAT = 2  # JSON lines: a header, an entry a line, a trailer with the checksum
#: The largest index read (50,000 cases take about 8 MB).
MAX_INDEX_BYTES = 256 * 1024 * 1024
#: A file changed this recently (ns) when its row is made is read again next time.
RACY_NS = 2_000_000_000
#: The modules whose code shapes a row: a change to any of them ignores the index.
SUMMARY_CODE = (
    "case/summary.py",
    "case/clashes.py",
    "case/index.py",
    "case/scan.py",
    "case/walks.py",
    "case/flow.py",
    "case/answers.py",
    "case/store.py",
    "case/plain_case.py",
    "case/model.py",
    "case/review_record.py",
)

#: The file's (size, mtime_ns, ctime_ns, inode).
FileKey = tuple[int, int, int, int]


@cache
def code_fingerprint() -> str:
    """The version of the code that makes rows: the guide code's, and a stat of each module."""
    digest = hashlib.blake2b(guide_code(), digest_size=16)
    digest.update(f"{KIND}:{FORMAT};".encode())
    for name in SUMMARY_CODE:
        with contextlib.suppress(OSError):
            info = (PACKAGE_DIR / name).stat()
            digest.update(f"{name}:{info.st_size}:{info.st_mtime_ns};".encode())
    return digest.hexdigest()


def index_path(folder: Path, cache: Path | None = None) -> Path:
    """Where the index of workspace `folder` is kept: named by a hash of its full path."""
    resolved = Path(folder).resolve()
    place = hashlib.blake2b(str(resolved).encode(), digest_size=8).hexdigest()
    return (cache or cache_dir()) / "workspaces" / f"{resolved.name[:40]}-{place}.json"


def file_key(path: Path) -> FileKey | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


class WorkspaceIndex:
    """The rows of one workspace folder: from the stored index where a file is unchanged,
    else read from the file; `save` stores what a complete pass found."""

    def __init__(self, folder: Path, cache: Path | None = None) -> None:
        self.folder = Path(folder)
        self.path = index_path(self.folder, cache)
        self.ignored: str | None = None  # why the stored index was not used (None: it was)
        self.reused = self.read = 0  # rows from the index, rows read from their files
        self._stored = b""  # the stored index's entry lines, read as the folder is
        self._stored_count = 0
        self._old_guides: dict[str, str] = {}
        self._written = False
        self._guides: dict[str, str | None] = {}
        self._changed = False
        self._complete = False

    @property
    def stored_count(self) -> int:
        """How many rows the stored index held (the last count of the workspace)."""
        return self._stored_count

    # -- reading the stored index ---------------------------------------------------------

    def load(self) -> WorkspaceIndex:
        """Check the stored index; anything wrong with it leaves it unused (`ignored` says
        why). Its rows are read one at a time as the folder is (`summaries`)."""
        try:
            self._stored = self._stored_entries()
        except (OSError, ValueError) as exc:
            self.ignored = str(exc)
            self._changed = True
        return self

    def _stored_entries(self) -> bytes:
        """The entry lines of a sound stored index (b"" where there is none yet)."""
        try:
            raw = read_bytes(self.path, limit=MAX_INDEX_BYTES, what="workspace index")
        except FileNotFoundError:
            self.ignored = "no index yet"
            return b""
        except Exception as exc:  # a ProblemsError: not a regular file, too large
            raise ValueError(f"unreadable: {exc}") from exc
        if not _own(self.path):
            raise ValueError("not the user's own file")
        body, _, last = raw.rstrip(b"\n").rpartition(b"\n")
        head, _, entries = body.partition(b"\n")
        header, trailer = json.loads(head), json.loads(last)
        if (
            not isinstance(header, dict)
            or header.get("kind") != KIND
            or header.get("format") != FORMAT
        ):
            raise ValueError("not a workspace index of this format")
        if not isinstance(trailer, dict) or trailer.get("checksum") != _checksum(body + b"\n"):
            raise ValueError("checksum does not match")
        if header.get("folder") != str(self.folder.resolve()):
            raise ValueError("the index of another folder")
        if header.get("code") != code_fingerprint():
            raise ValueError("made by another version of carag")
        guides, count = trailer.get("guides"), trailer.get("count")
        if not isinstance(guides, dict) or type(count) is not int:
            raise ValueError("malformed")
        self._old_guides, self._stored_count = guides, count
        return entries

    def _old_entries(self) -> Iterator[tuple[list[str], list[Any], bytes]]:
        """The stored entries in the order they were written (the folder's path order), each
        with its name's parts and its line; a line that is not an entry is skipped (its file
        is read)."""
        for line in io.BytesIO(self._stored):
            try:
                entry = json.loads(line.decode())  # str: no guessing of its encoding
            except ValueError:
                entry = None
            if isinstance(entry, list) and entry and isinstance(entry[0], str):
                yield entry[0].split(os.sep), entry, line
            else:
                self._changed = True

    # -- the rows -------------------------------------------------------------------------

    def summaries(
        self, scanner: CaseScanner | None = None, cancelled: Callable[[], bool] = lambda: False
    ) -> Iterator[CaseSummary]:
        """Every case file's row in path order, as it is reached (`iter_case_files`); the
        stored entries are walked alongside (they are in the same order), and the new index is
        written as the rows come, so that nothing of either is held. A complete pass that
        changed anything replaces the stored index (`save` says whether it did)."""
        scanner = scanner or CaseScanner()
        prefix = str(self.folder / "x")[:-1]  # the folder and a separator
        old = self._old_entries()
        here = next(old, None)
        out = _IndexWriter(self.path, self.folder)
        try:
            for path in iter_case_files([self.folder]):
                if cancelled():
                    return
                name = str(path).removeprefix(prefix)
                parts = name.split(os.sep)
                while here is not None and here[0] < parts:  # gone since
                    self._changed, here = True, next(old, None)
                entry, line = None, b""
                if here is not None and here[0] == parts:
                    entry, line, here = here[1], here[2], next(old, None)
                key = file_key(path)
                summary = self._reuse(path, key, entry, scanner) if entry is not None else None
                if summary is None:
                    summary = summarise(scanner, path)
                    self.read += 1
                    stale = entry is not None
                    entry = self._entry(name, path, key, summary, scanner)
                    self._changed = self._changed or stale or entry is not None
                    if entry is not None:
                        out.add(entry)
                else:
                    self.reused += 1
                    out.add_line(line)  # as stored: the same entry, not encoded again
                yield summary
            self._changed = self._changed or here is not None
            self._complete = True
            if self._changed:
                self._written = out.finish(
                    {g: fp for g, fp in self._guides.items() if fp is not None}
                )
        finally:
            out.discard()

    def _reuse(
        self, path: Path, key: FileKey | None, entry: list[Any], scanner: CaseScanner
    ) -> CaseSummary | None:
        """The entry's row, if it was made from the file as it is now, against the same guide."""
        try:
            _, size, mtime, ctime, inode, *row = entry
            ref, guide_id, unit, status, answered, applicable, updated, review, clashes = row
        except ValueError:
            return None
        if key is None or key != (size, mtime, ctime, inode) or not isinstance(guide_id, str):
            return None
        current = self._guide(scanner, guide_id)
        if current is None or self._old_guides.get(guide_id) != current:
            return None
        if not (
            isinstance(ref, str)
            and isinstance(unit, str)
            and status in STATUSES
            and review in REVIEWS
            and type(answered) is int
            and type(applicable) is int
            and 0 <= answered <= applicable
            and isinstance(updated, str)
            and isinstance(clashes, list)
            and all(isinstance(c, str) for c in clashes)
        ):
            return None
        try:
            when = datetime.fromisoformat(updated)
        except ValueError:
            return None
        if when.tzinfo is None:
            return None
        intern = sys.intern
        return CaseSummary(
            path,
            ref,
            intern(guide_id),
            intern(unit),
            intern(status),
            answered,
            applicable,
            when,
            intern(review),
            clashes=tuple(clashes),
        )

    def _guide(self, scanner: CaseScanner, guide_id: str) -> str | None:
        if guide_id not in self._guides:
            self._guides[guide_id] = scanner.guides.fingerprint(guide_id)
        return self._guides[guide_id]

    def _entry(
        self, name: str, path: Path, key: FileKey | None, summary: CaseSummary, scanner: CaseScanner
    ) -> list[Any] | None:
        """What is stored of a row just read, unless the file changed while it was read (or
        just before: see RACY_NS) or does not read."""
        if (
            summary.error is not None
            or key is None
            or summary.updated_at is None
            or file_key(path) != key
            or time.time_ns() - max(key[1], key[2]) < RACY_NS
        ):
            return None
        if self._guide(scanner, summary.guide_id) is None:
            return None
        return [
            name,
            *key,
            summary.ref,
            summary.guide_id,
            summary.unit,
            summary.status,
            summary.answered,
            summary.applicable,
            summary.updated_at.isoformat(),
            summary.review,
            list(summary.clashes),
        ]

    # -- storing it -----------------------------------------------------------------------

    def save(self) -> bool:
        """Whether the last complete pass stored the index (it does so as it ends, where
        anything changed; a cache that cannot be written is no error)."""
        return self._written


class _IndexWriter:
    """The new index, written line by line beside the stored one while the folder is read,
    put in its place only when the pass is complete."""

    def __init__(self, path: Path, folder: Path) -> None:
        self.path = path
        self.count = 0
        self._digest = hashlib.blake2b(digest_size=16)
        self._tmp: Path | None = None
        self._out: BinaryIO | None = None
        try:
            make_private_dirs(path.parent)
            self._tmp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
            fd = os.open(
                self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600
            )
            self._out = os.fdopen(fd, "wb")
        except OSError:
            self._out = None
        header = {"kind": KIND, "format": FORMAT, "folder": str(folder.resolve())}
        self._line(_json({**header, "code": code_fingerprint()}))

    def _line(self, line: bytes) -> None:
        """One line (its newline added where it has none)."""
        if self._out is None:
            return
        line = line if line.endswith(b"\n") else line + b"\n"
        self._digest.update(line)
        try:
            self._out.write(line)
        except OSError:
            self.discard()

    def add(self, entry: list[Any]) -> None:
        self.add_line(_json(entry))

    def add_line(self, line: bytes) -> None:
        """An entry as one JSON line (as a stored index held it, or as `add` makes it)."""
        self.count += 1
        self._line(line)

    def finish(self, guides: dict[str, str]) -> bool:
        """Close with the trailer (guides, count, checksum) and put the file in place."""
        if self._out is None or self._tmp is None:
            return False
        trailer = {"guides": guides, "count": self.count, "checksum": self._digest.hexdigest()}
        try:
            self._out.write(json.dumps(trailer).encode() + b"\n")
            self._out.close()
            os.chmod(self._tmp, 0o600)
            os.replace(self._tmp, self.path)
        except OSError:
            self.discard()
            return False
        self._out = self._tmp = None
        return True

    def discard(self) -> None:
        if self._out is not None:
            with contextlib.suppress(OSError):
                self._out.close()
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)
        self._out = self._tmp = None


def _json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def _checksum(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def _own(path: Path) -> bool:
    """Owned by this user and writable by no one else (where the system has owners)."""
    if not hasattr(os, "getuid"):
        return True
    info = os.lstat(path)
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022
