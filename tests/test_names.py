"""Names carag makes file names from (case references, guide ids) and ids it matches answers
by are matched whole: a final newline, a path or a Windows device name is refused."""

from __future__ import annotations

import pytest
from test_guide_loader import GOOD

from carag_tui.case.editing import new_case
from carag_tui.guide.loader import parse_guide
from carag_tui.names import name_problem
from carag_tui.problems import ProblemsError


@pytest.mark.parametrize(
    "ref", ["CON", "con", "Nul", "AUX", "PRN", "COM1", "lpt9", "nul.2026", "CON.x", "X-1."]
)
def test_new_refuses_windows_device_names(tmp_path, carag, ref):
    result = carag("new", "--guide", "unpaid-work-2019", "--dir", tmp_path / "ws", "--", ref)
    assert result.code == 1, result.out
    assert "Windows" in result.err and "Traceback" not in result.err
    assert not (tmp_path / "ws").exists() or not any((tmp_path / "ws").iterdir())


@pytest.mark.parametrize("ref", ["CONSOLE-1", "NULL", "COM10", "AUX-2", "a.CON", "X-1.2"])
def test_names_that_only_look_like_devices_are_fine(ref):
    assert name_problem(ref, "case reference") is None


def test_check_validates_the_case_reference_of_a_hand_written_file(tmp_path, guides, carag):
    casefile = new_case(tmp_path, "REF-1", guides["unpaid-work-2019"])
    for bad in ("../../etc/x", "NUL", "abc\\n", "John Smith"):
        text = casefile.path.read_text(encoding="utf-8")
        casefile.path.write_text(
            text.replace('case = "REF-1"', f'case = "{bad}"'), encoding="utf-8"
        )
        result = carag("check", casefile.path)
        assert result.code == 1, (bad, result.out)
        assert "case reference" in result.out + result.err, bad
        casefile.path.write_text(text, encoding="utf-8")
    assert carag("check", casefile.path).code == 0


@pytest.mark.parametrize(
    "old, new",
    [
        ('id = "tiny-2026"', 'id = "../../../tmp/evil"'),
        ('id = "tiny-2026"', 'id = "tiny-2026\\n"'),
        ('id = "tiny-2026"', 'id = "CON"'),
    ],
)
def test_a_guide_id_that_is_not_a_plain_name_is_refused(tmp_path, old, new):
    assert old in GOOD
    path = tmp_path / "evil.toml"
    with pytest.raises(ProblemsError, match="guide id"):
        parse_guide(GOOD.replace(old, new), path)


def test_a_question_id_with_a_final_newline_is_refused(tmp_path):
    import re

    match = re.search(r'\[\[question\]\]\nid = "([^"]+)"', GOOD)
    assert match
    qid = match.group(1)
    text = GOOD.replace(f'id = "{qid}"', f'id = "{qid}\\n"', 1)
    with pytest.raises(ProblemsError, match="id may hold only"):
        parse_guide(text, tmp_path / "g.toml")


@pytest.mark.parametrize(
    "old, new",
    [
        ('title = "Tiny guide"', 'title = "Tiny \\u001b]0;pwned\\u0007guide"'),
        ('text = "', 'text = "\\u009b2J'),
    ],
)
def test_a_guide_holding_control_characters_is_refused(tmp_path, old, new):
    assert old in GOOD
    with pytest.raises(ProblemsError, match="control character"):
        parse_guide(GOOD.replace(old, new, 1), tmp_path / "g.toml")
