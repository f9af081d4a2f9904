"""The one rule for names carag turns into file names: case references and guide ids.

A name is matched whole (`fullmatch`: a `$` alone lets a final newline through), holds only
letters, digits, `.`, `_` and `-`, starts with a letter or digit, and is at most 64 long, so
it can never leave its folder. Names Windows keeps for devices (`CON`, `NUL`, `COM1`, …, also
with an extension: `nul.toml` opens the device there) and a final `.` (Windows drops it) are
refused too, so a workspace shared with a Windows colleague never holds a file they cannot
open.
"""

from __future__ import annotations

import re

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
WINDOWS_RESERVED = frozenset(
    {
        "CON",
        "PRN",
        "AUX",
        "NUL",
        "CONIN$",
        "CONOUT$",
        *(f"COM{n}" for n in range(10)),
        *(f"LPT{n}" for n in range(10)),
    }
)


def name_problem(name: object, what: str) -> str | None:
    """Why `name` cannot be a `what` (e.g. "case reference"), or None where it can."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        return (
            f"{what} {name!r} must start with a letter or digit and hold only letters, "
            "digits, '.', '_' and '-' (at most 64): no names, no slashes"
        )
    if name.endswith("."):
        return f"{what} {name!r} must not end with '.' (Windows drops it)"
    if name.split(".", 1)[0].upper() in WINDOWS_RESERVED:
        return (
            f"{what} {name!r} is a name Windows keeps for a device (CON, PRN, AUX, NUL, "
            "COM1-9, LPT1-9): choose another"
        )
    return None
