"""Guidance Markdown as plain wrapped lines, and the cutting of long text, for plain mode."""

from __future__ import annotations

import re
import textwrap

_INLINE = [
    (re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)"), r"\1 (\2)"),
    (re.compile(r"\*\*(.+?)\*\*"), r"\1"),
    (re.compile(r"__(.+?)__"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
]
_ITEM = re.compile(r"^(\s*)(?:[-*+]|(\d+[.)]))\s+(.*)$")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")


def plain_inline(text: str) -> str:
    """Markdown emphasis, code and links as plain text."""
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def _blocks(markdown: str) -> list[tuple[str, str, str] | None]:
    """Paragraphs, headings and list items as (first indent, later indent, text); None = gap."""
    blocks: list[list[str] | None] = []
    current: list[str] | None = None
    for raw in markdown.splitlines():
        line = raw.rstrip()
        heading, item = _HEADING.match(line.strip()), _ITEM.match(line)
        if not line.strip():
            current = None
            blocks.append(None)
        elif heading:
            current = None
            blocks.append(["", "", heading.group(1)])
        elif item:
            pad = " " * (len(item.group(1)) // 2 * 2)
            marker = item.group(2) or "-"
            current = [f"{pad}{marker} ", pad + " " * (len(marker) + 1), item.group(3)]
            blocks.append(current)
        elif current is not None:
            current[2] += " " + line.strip()
        else:
            current = ["", "", line.strip()]
            blocks.append(current)
    return [tuple(b) if b is not None else None for b in blocks]  # type: ignore[misc]


def markdown_to_text(markdown: str, width: int) -> list[str]:
    """Guidance Markdown as wrapped plain lines: no ** or `, list dashes kept."""
    lines: list[str] = []
    for block in _blocks(markdown):
        if block is None:
            if lines and lines[-1]:
                lines.append("")
            continue
        first, later, text = block
        lines.extend(
            textwrap.wrap(
                plain_inline(text),
                width,
                initial_indent=first,
                subsequent_indent=later,
                break_on_hyphens=False,
            )
            or [""]
        )
    while lines and not lines[-1]:
        lines.pop()
    return lines


def cut(lines: list[str], limit: int) -> list[str]:
    """The first `limit` lines, ending at a paragraph break when one falls in the second half."""
    breaks = [n for n in range(limit // 2, limit + 1) if n < len(lines) and not lines[n]]
    return lines[: breaks[-1]] if breaks else lines[:limit]


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` characters with an ellipsis."""
    return text if len(text) <= width else text[: max(1, width - 1)].rstrip() + "…"
