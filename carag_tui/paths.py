"""Where carag keeps things: bundled data, and the user's config and data (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_path, user_config_path, user_data_path

APP = "carag"
PACKAGE_DIR = Path(__file__).resolve().parent
#: Set to a folder to keep all of carag's user files there (tests, portable installs).
HOME_ENV = "CARAG_HOME"
#: Set to a file to read the config from there.
CONFIG_ENV = "CARAG_CONFIG"


def bundled(name: str) -> Path:
    """A bundled data folder (`guides`, `themes`, `cases`): in the wheel, or in a checkout."""
    installed = PACKAGE_DIR / "_data" / name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / name


def config_dir() -> Path:
    home = os.environ.get(HOME_ENV)
    return Path(home) / "config" if home else user_config_path(APP, appauthor=False)


def data_dir() -> Path:
    home = os.environ.get(HOME_ENV)
    return Path(home) / "data" if home else user_data_path(APP, appauthor=False)


def cache_dir() -> Path:
    """Rebuildable speed-ups (parsed guides); deleting it loses nothing."""
    home = os.environ.get(HOME_ENV)
    return Path(home) / "cache" if home else user_cache_path(APP, appauthor=False)


def config_file() -> Path:
    override = os.environ.get(CONFIG_ENV)
    return Path(override) if override else config_dir() / "config.toml"


def user_guides_dir() -> Path:
    return data_dir() / "guides"


def user_themes_dir() -> Path:
    return config_dir() / "themes"


def default_workspace() -> Path:
    local = Path.cwd() / "cases"
    return local if local.is_dir() else data_dir() / "cases"
