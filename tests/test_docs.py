"""Every setting is declared in config.py and documented in docs/settings.md, which is
generated from config.py and must be up to date (as datasette's test_docs.py does)."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from config import Config, env_name, settings_markdown

REPO = Path(__file__).resolve().parent.parent
SETTINGS_MD = REPO / "docs" / "settings.md"
_VARIABLE = re.compile(r"\bHVK_[A-Z][A-Z0-9_]*\b")
DECLARED = {env_name(f.name) for f in dataclasses.fields(Config)}


def _variables_in(paths) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in paths:
        for name in _VARIABLE.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, set()).add(str(path.relative_to(REPO)))
    return found


def _code() -> list[Path]:
    return [p for p in REPO.rglob("*.py") if not {".venv", "tests", "data"} & set(p.relative_to(REPO).parts)]


TEST_VARIABLES = set(_variables_in(REPO.glob("tests/*.py")))  # read by the test harness only


@pytest.mark.parametrize("name", sorted(DECLARED))
def test_setting_is_documented(name):
    assert f"`{name}`" in SETTINGS_MD.read_text(encoding="utf-8"), \
        f"{name} is missing from docs/settings.md: run python app.py settings --markdown > docs/settings.md"


def test_settings_doc_is_up_to_date():
    assert SETTINGS_MD.read_text(encoding="utf-8") == settings_markdown(), \
        "docs/settings.md is out of date: run python app.py settings --markdown > docs/settings.md"


@pytest.mark.parametrize("f", dataclasses.fields(Config), ids=lambda f: f.name)
def test_setting_has_help(f):
    assert f.metadata["help"].strip()


def test_code_reads_only_declared_settings():
    undeclared = {name: where for name, where in _variables_in(_code()).items() if name not in DECLARED}
    assert undeclared == {}, f"HVK_ variables used outside config.py's declarations: {undeclared}"


def test_docs_name_only_real_variables():
    docs = [REPO / "README.md", *REPO.glob("docs/*.md")]
    unknown = {name: where for name, where in _variables_in(docs).items()
               if name not in DECLARED | TEST_VARIABLES | {"HVK_NAME"}}
    assert unknown == {}, f"the docs name variables nothing reads: {unknown}"


def test_readme_points_to_the_settings():
    assert "docs/settings.md" in (REPO / "README.md").read_text(encoding="utf-8")
