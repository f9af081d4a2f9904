"""Parsed guides kept in the user's cache folder, so that opening a case skips its guide's parse.

Parsing and validating the largest guide (tomllib, cattrs, the rule checks and compiler, and
their imports) takes tens of milliseconds; reading it back from a pickle takes about one. An
entry is named by a hash of the guide file's path and bytes and of carag's guide code, so a
changed guide, or a changed carag, never reads a stale entry. The cache is only a speed-up: an
entry that is missing, unreadable or of the wrong kind is rebuilt from the guide file, a cache
folder that cannot be written is no error, and deleting the folder loses nothing. It sits in
the user's own cache folder (owner-only), the same trust as the config file beside it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
from functools import cache
from pathlib import Path

from carag_tui.fileio import make_private_dirs, read_bytes
from carag_tui.guide.model import Guide
from carag_tui.paths import PACKAGE_DIR, cache_dir

#: The modules whose code shapes a parsed `Guide`: a change to any of them misses the cache.
GUIDE_CODE = ("model.py", "rules.py", "loader.py", "validate.py")


@cache
def code_fingerprint() -> bytes:
    """The version of the guide code: Python's version (pickles follow it) and the size and
    modification time of each module in GUIDE_CODE (a stat each; their text is not read)."""
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    for name in GUIDE_CODE:
        with contextlib.suppress(OSError):
            stat = (PACKAGE_DIR / "guide" / name).stat()
            digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.digest()


def entry_path(path: Path, data: bytes, folder: Path | None = None) -> Path:
    """Where the parsed form of guide file `path` with contents `data` is kept: named
    `STEM-PLACE-CONTENT.pickle`, PLACE a hash of the file's path, CONTENT of its bytes and
    of carag's guide code."""
    place = hashlib.blake2b(str(path.resolve()).encode(), digest_size=4).hexdigest()
    content = hashlib.blake2b(code_fingerprint(), digest_size=16)
    content.update(data)
    return (folder or cache_dir()) / "guides" / f"{path.stem}-{place}-{content.hexdigest()}.pickle"


def load_guide_cached(path: Path, folder: Path | None = None) -> Guide:
    """The guide in `path`, from the cache when it holds this file's parse, else parsed (and
    kept for next time). Raises `ProblemsError` as `load_guide` does."""
    from carag_tui.problems import Problem, ProblemsError

    path = Path(path)
    try:
        data = read_bytes(path, what="guide")  # regular files only, size-limited
    except FileNotFoundError as exc:
        raise ProblemsError([Problem(path, f"cannot read guide: {exc.strerror}")]) from exc
    entry = entry_path(path, data, folder)
    guide = _read(entry)
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


def _read(entry: Path) -> Guide | None:
    if not _trusted(entry):
        return None  # rebuilt from the guide file
    try:
        with entry.open("rb") as handle:
            guide = pickle.load(handle)
    except Exception:  # missing, torn or foreign: rebuilt from the guide file
        return None
    return guide if isinstance(guide, Guide) else None


def _write(entry: Path, guide: Guide) -> None:
    """Keep `guide` in `entry` (atomically), dropping older entries of the same guide file."""
    import tempfile

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
        for old in folder.glob(f"{same_file}-*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{entry.name}.", suffix=".tmp")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(guide, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except (OSError, pickle.PicklingError):
        pass  # no cache this time; the guide was parsed all the same
