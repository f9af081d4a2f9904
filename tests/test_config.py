"""The settings file: read as cattrs reads it, with cattrs only where the file needs it."""

from __future__ import annotations

import re
from pathlib import Path

import cattrs
import pytest

from carag_tui.config import Config, load_config
from carag_tui.problems import ProblemsError

VALID = [
    "",
    'assessor = "A. Inspector"\n',
    'assessor = "A. Inspector"\nworkspace = "~/cases"\ntheme = "carag-ansi"\n',
    "mouse = true\nplain_brief = true\ncommit_reviews = false\n",
    '[keymap]\nanswer_na = "a,x"\nanswer_yes = "y,1"\n',
]
#: Not of the exact types, or not settings: refused, with the key and what was expected.
OTHER = [
    "assessor = 42\n",
    'mouse = "yes"\n',
    "mouse = 1\n",
    "keymap = 3\n",
    "[keymap]\nanswer_na = 1\n",
    'colour = "red"\n',
]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text", VALID)
def test_a_valid_config_reads_as_cattrs_reads_it(tmp_path: Path, text: str) -> None:
    import tomllib

    path = write(tmp_path, text)
    expected = cattrs.Converter(forbid_extra_keys=True).structure(tomllib.loads(text), Config)
    assert load_config(path) == expected


@pytest.mark.parametrize("text", OTHER)
def test_a_config_of_the_wrong_types_is_refused_naming_the_key(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ProblemsError) as caught:
        load_config(path)
    key = text.split("=")[0].strip().strip("[]").split("]")[0]
    for problem in caught.value.problems:
        assert problem.file == path
        assert re.split(r"[.\[]", problem.where or "")[0] in (key, "keymap"), problem


def test_a_setting_of_the_wrong_type_says_what_was_expected(tmp_path: Path) -> None:
    """`mouse = "no"` would be true and `assessor = 4` "4" by cattrs' own conversions."""
    with pytest.raises(ProblemsError) as caught:
        load_config(write(tmp_path, 'mouse = "no"\nassessor = 4\n'))
    said = {p.where: p.message for p in caught.value.problems}
    assert said == {
        "mouse": "expected true or false, found 'no'",
        "assessor": "expected a string, found 4",
    }
