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
import json
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from carag_tui.atomic import write_temp
from carag_tui.case.scan import CaseScanner
from carag_tui.case.summary import REVIEWS, STATUSES, CaseSummary, summarise
from carag_tui.case.workspace import iter_case_files
from carag_tui.fileio import make_private_dirs, read_bytes
from carag_tui.guide.cache import code_fingerprint as guide_code
from carag_tui.paths import PACKAGE_DIR, cache_dir

KIND = "carag-workspace-index"
FORMAT = 1
#: The largest index read (50,000 cases take about 8 MB).
MAX_INDEX_BYTES = 256 * 1024 * 1024
#: A file changed this recently (ns) when its row is made is read again next time.
RACY_NS = 2_000_000_000
#: The modules whose code shapes a row: a change to any of them ignores the index.
SUMMARY_CODE = ("case/summary.py", "case/clashes.py", "case/index.py", "case/scan.py",
                "case/walks.py", "case/flow.py", "case/answers.py", "case/store.py",
                "case/model.py", "qa/record.py")

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
        self._old: dict[str, list[Any]] = {}
        self._old_guides: dict[str, str] = {}
        self._new: list[list[Any]] = []
        self._guides: dict[str, str | None] = {}
        self._changed = False
        self._complete = False

    @property
    def stored_count(self) -> int:
        """How many rows the stored index held (the last count of the workspace)."""
        return len(self._old)

    # -- reading the stored index ---------------------------------------------------------

    def load(self) -> WorkspaceIndex:
        """Read the stored index; anything wrong with it leaves it unused (`ignored` says why)."""
        try:
            body = self._stored_body()
        except (OSError, ValueError) as exc:
            self.ignored = str(exc)
            self._changed = True
            return self
        if body is not None:
            self._old = {entry[0]: entry for entry in body["entries"]}
            self._old_guides = body["guides"]
        return self

    def _stored_body(self) -> dict[str, Any] | None:
        try:
            raw = read_bytes(self.path, limit=MAX_INDEX_BYTES, what="workspace index")
        except FileNotFoundError:
            self.ignored = "no index yet"
            return None
        except Exception as exc:  # a ProblemsError: not a regular file, too large
            raise ValueError(f"unreadable: {exc}") from exc
        if not _own(self.path):
            raise ValueError("not the user's own file")
        head, _, text = raw.partition(b"\n")
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("kind") != KIND \
                or header.get("format") != FORMAT:
            raise ValueError("not a workspace index of this format")
        if header.get("checksum") != _checksum(text):
            raise ValueError("checksum does not match")
        body = json.loads(text)
        if not isinstance(body, dict) or body.get("folder") != str(self.folder.resolve()):
            raise ValueError("the index of another folder")
        if body.get("code") != code_fingerprint():
            raise ValueError("made by another version of carag")
        guides, entries = body.get("guides"), body.get("entries")
        if not isinstance(guides, dict) or not isinstance(entries, list) or not all(
                isinstance(e, list) and e and isinstance(e[0], str) for e in entries):
            raise ValueError("malformed")
        return body

    # -- the rows -------------------------------------------------------------------------

    def summaries(self, scanner: CaseScanner | None = None,
                  cancelled: Callable[[], bool] = lambda: False) -> Iterator[CaseSummary]:
        """Every case file's row in path order, as it is reached (`iter_case_files`)."""
        scanner = scanner or CaseScanner()
        prefix = str(self.folder / "x")[:-1]  # the folder and a separator
        for path in iter_case_files([self.folder]):
            if cancelled():
                return
            name = str(path).removeprefix(prefix)
            key = file_key(path)
            entry = self._old.pop(name, None)
            summary = self._reuse(path, key, entry, scanner) if entry is not None else None
            if summary is None:
                summary = summarise(scanner, path)
                self.read += 1
                self._changed = True
                entry = self._entry(name, path, key, summary, scanner)
            else:
                self.reused += 1
            if entry is not None:
                self._new.append(entry)
            yield summary
        self._changed = self._changed or bool(self._old)  # files gone since
        self._complete = True

    def _reuse(self, path: Path, key: FileKey | None, entry: list[Any],
               scanner: CaseScanner) -> CaseSummary | None:
        """The entry's row, if it was made from the file as it is now, against the same guide."""
        try:
            (_, size, mtime, ctime, inode, ref, guide_id, unit, status, answered, applicable,
             updated, review, clashes) = entry
        except ValueError:
            return None
        if key is None or key != (size, mtime, ctime, inode) or not isinstance(guide_id, str):
            return None
        current = self._guide(scanner, guide_id)
        if current is None or self._old_guides.get(guide_id) != current:
            return None
        if not (isinstance(ref, str) and isinstance(unit, str) and status in STATUSES
                and review in REVIEWS and type(answered) is int and type(applicable) is int
                and 0 <= answered <= applicable and isinstance(updated, str)
                and isinstance(clashes, list) and all(isinstance(c, str) for c in clashes)):
            return None
        try:
            when = datetime.fromisoformat(updated)
        except ValueError:
            return None
        if when.tzinfo is None:
            return None
        intern = sys.intern
        return CaseSummary(path, ref, intern(guide_id), intern(unit), intern(status), answered,
                           applicable, when, intern(review), clashes=tuple(clashes))

    def _guide(self, scanner: CaseScanner, guide_id: str) -> str | None:
        if guide_id not in self._guides:
            self._guides[guide_id] = scanner.guides.fingerprint(guide_id)
        return self._guides[guide_id]

    def _entry(self, name: str, path: Path, key: FileKey | None, summary: CaseSummary,
               scanner: CaseScanner) -> list[Any] | None:
        """What is stored of a row just read, unless the file changed while it was read (or
        just before: see RACY_NS) or does not read."""
        if summary.error is not None or key is None or summary.updated_at is None \
                or file_key(path) != key or time.time_ns() - max(key[1], key[2]) < RACY_NS:
            return None
        if self._guide(scanner, summary.guide_id) is None:
            return None
        return [name, *key, summary.ref, summary.guide_id, summary.unit, summary.status,
                summary.answered, summary.applicable, summary.updated_at.isoformat(),
                summary.review, list(summary.clashes)]

    # -- storing it -----------------------------------------------------------------------

    def save(self) -> bool:
        """Store the rows of a complete pass where anything changed; True when written. A cache
        that cannot be written is no error."""
        if not self._complete or not self._changed:
            return False
        guides = {g: fp for g, fp in self._guides.items() if fp is not None}
        body = json.dumps({"folder": str(self.folder.resolve()), "code": code_fingerprint(),
                           "guides": guides, "entries": self._new},
                          separators=(",", ":"), ensure_ascii=False).encode()
        header = json.dumps({"kind": KIND, "format": FORMAT, "checksum": _checksum(body)})
        try:
            make_private_dirs(self.path.parent)
            tmp = write_temp(self.path, header.encode() + b"\n" + body, 0o600, durable=False)
            os.replace(tmp, self.path)
        except OSError:
            return False
        self._changed = False
        return True


def _checksum(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def _own(path: Path) -> bool:
    """Owned by this user and writable by no one else (where the system has owners)."""
    if not hasattr(os, "getuid"):
        return True
    info = os.lstat(path)
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() \
        and not info.st_mode & 0o022
