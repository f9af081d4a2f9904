"""The settings a command runs with: the config (a bad one is said and ignored) and the
workspace folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from carag_tui.config import Config, load_config
from carag_tui.paths import default_workspace
from carag_tui.problems import ProblemsError


def _config() -> Config:
    try:
        return load_config()
    except ProblemsError as exc:
        for problem in exc.problems:
            print(f"carag: config ignored: {problem}", file=sys.stderr)
        return Config()


def workspace_folder(explicit: str | None, config: Config) -> Path:
    if explicit:
        return Path(explicit)
    if config.workspace:
        return Path(os.path.expanduser(config.workspace))
    return default_workspace()
