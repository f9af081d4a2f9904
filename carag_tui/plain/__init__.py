"""Plain mode: the walk asked line by line on stdin/stdout, for where Textual cannot run.

`carag open --plain`, or `carag open` with no terminal (a pipe, TERM=dumb), comes here. The
rules, the saving and the order are those of the app, through the same CaseSession; the keys
are typed as words. Nothing in this package imports Textual, so it works where Textual is not
installed or cannot draw.

Every answer is saved at once. A file changed on disk behind our back is reloaded and merged,
asking when both sides changed the same answer; a failed save keeps the answers in memory and
is retried with the next answer or `save`. A lost connection (SIGHUP) or SIGTERM saves what is
not yet on disk, a note half typed included, releases the case and ends the session.

Modules: text (Markdown as plain lines), console (lines in and out), signals (hang-ups),
show (a question, the overview), walk (the loop and its commands), run (opening and closing).
"""

from carag_tui.plain.run import run_plain
from carag_tui.plain.text import markdown_to_text

__all__ = ["markdown_to_text", "run_plain"]
