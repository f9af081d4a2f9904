"""Parsed guides kept in the user's cache folder, so that opening a case skips its guide's parse.

Parsing and validating the largest guide (tomllib, cattrs, the rule checks and compiler, and
their imports) takes tens of milliseconds; reading it back from its entry takes a millisecond
or two. An entry is JSON data (`codec.py`), never a pickle: loading one can build only the
guide model's own classes, so a planted file cannot run code. An entry is named by a hash of
the guide file's path and bytes and of carag's guide code, and holds that name, so a changed
guide, a changed carag or an entry copied from another guide never reads stale. The cache is
only a speed-up: an entry that is missing, unreadable, of the wrong kind, not the user's own
or in a folder others can write is rebuilt from the guide file, a cache folder that cannot
be written is no error, and deleting the folder loses nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
from functools import cache
from pathlib import Path

from carag_tui.fileio import MAX_FILE_BYTES, make_private_dirs, read_bytes
from carag_tui.guide.model import Guide
from carag_tui.paths import PACKAGE_DIR, cache_dir
from carag_tui.problems import Problem, ProblemsError

#: The modules whose code shapes a parsed `Guide`: a change to any of them misses the cache.
GUIDE_CODE = ("model.py", "rules.py", "loader.py", "validate.py", "provenance.py", "codec.py")


@cache
def code_fingerprint() -> bytes:
    """The version of the guide code: Python's version and the size and
    modification time of each module in GUIDE_CODE (a stat each; their text is not read)."""
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    for name in GUIDE_CODE:
        with contextlib.suppress(OSError):
            stat = (PACKAGE_DIR / "guide" / name).stat()
            digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.digest()


def entry_path(path: Path, data: bytes, folder: Path | None = None) -> Path:
    """Where the parsed form of guide file `path` with contents `data` is kept: named
    `STEM-PLACE-CONTENT.json`, PLACE a hash of the file's path, CONTENT of its bytes and
    of carag's guide code."""
    place = hashlib.blake2b(str(path.resolve()).encode(), digest_size=4).hexdigest()
    content = hashlib.blake2b(code_fingerprint(), digest_size=16)
    content.update(data)
    return (folder or cache_dir()) / "guides" / f"{path.stem}-{place}-{content.hexdigest()}.json"


def load_guide_cached(path: Path, folder: Path | None = None) -> Guide:
    """The guide in `path`, from the cache when it holds this file's parse, else parsed (and
    kept for next time). Raises `ProblemsError` as `load_guide` does."""
    path = Path(path)
    try:
        data = read_bytes(path, what="guide")  # regular files only, size-limited
    except FileNotFoundError as exc:
        raise ProblemsError([Problem(path, f"cannot read guide: {exc.strerror}")]) from exc
    entry = entry_path(path, data, folder)
    guide = _read(entry, path)
    if guide is None:
        from carag_tui.guide.loader import parse_guide_bytes

        guide = parse_guide_bytes(data, path)
        _write(entry, guide)
    return guide


def _trusted(path: Path) -> bool:
    """Owned by this user and writable by no one else (nor is its folder): only then may a
    cache entry be read, since another local user who could plant one could run code."""
    try:
        for each in (path.parent, path.parent.parent, path):
            info = os.lstat(each)
            if info.st_uid != os.getuid() or info.st_mode & 0o022:
                return False
    except OSError:
        return False
    return True


def _read(entry: Path, path: Path) -> Guide | None:
    """The guide kept in `entry` for guide file `path`; None (rebuilt) where the entry is
    missing, not trusted, torn, foreign or tampered with."""
    from carag_tui.guide import codec

    if not _trusted(entry):
        return None
    try:
        data = read_bytes(entry, what="guide cache entry", limit=16 * MAX_FILE_BYTES)
        return codec.loads(data, entry.stem, path)
    except (OSError, ProblemsError, codec.CacheFormatError):
        return None


def _write(entry: Path, guide: Guide) -> None:
    """Keep `guide` in `entry` (atomically), dropping older entries of the same guide file."""
    import tempfile

    from carag_tui.guide import codec

    folder = entry.parent
    try:
        make_private_dirs(folder)
        for each in (folder.parent, folder):  # 0700 whatever the umask, and ours only
            info = os.lstat(each)
            if info.st_uid != os.getuid() or not stat.S_ISDIR(info.st_mode):
                return
            if info.st_mode & 0o077:
                os.chmod(each, 0o700)
        same_file = entry.name.rsplit("-", 1)[0]
        for old in (*folder.glob(f"{same_file}-*.json"), *folder.glob(f"{same_file}-*.pickle")):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{entry.name}.", suffix=".tmp")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(codec.dumps(guide, entry.stem))
            os.replace(tmp, entry)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except (OSError, TypeError, ValueError):
        pass  # no cache this time; the guide was parsed all the same
