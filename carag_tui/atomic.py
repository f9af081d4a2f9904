"""Atomic file writes: the old version or the new one on disk, never a torn mix.

Standard library only, so that a command git starts once per file (the merge driver) saves
through the same write as the app without importing the case model; `fileio.atomic_write`
adds the TOML read-back check on top.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path


def _temp_beside(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")


def write_temp(path: Path, data: bytes, mode: int, *, durable: bool = True) -> Path:
    """`data` in a new temporary file beside `path` (mode `mode`, not the umask's), flushed to
    disk and read back; the temporary file is gone again if anything fails."""
    tmp = _temp_beside(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), mode)
    try:
        try:
            os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        with open(tmp, "rb") as handle:  # our own new regular file: no safe reader needed
            if handle.read(len(data) + 1) != data:
                raise OSError(f"{tmp} does not read back as written")
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def sync_folder(folder: Path) -> None:
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def atomic_write(
    path: Path,
    data: str | bytes,
    *,
    mode: int = 0o600,
    keep_mode: bool = True,
    check: Callable[[bytes], None] | None = None,
) -> None:
    """Replace `path` with `data`: a temporary file beside it is written, synced and read back
    (and given to `check`, which raises to refuse it) before it is renamed over `path`. Any
    failure leaves `path` as it was and no temporary file behind.

    An existing file keeps its permissions (unless not `keep_mode`); a new one gets `mode`
    whatever the umask.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with contextlib.suppress(OSError):
        if keep_mode:
            mode = path.stat().st_mode & 0o7777
    tmp = write_temp(path, raw, mode)
    try:
        if check is not None:
            check(raw)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    sync_folder(path.parent)
