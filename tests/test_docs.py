"""The docs tell the truth about the CLI: every command is in the README and shows an example."""

from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from pipeline.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[list[str]]:
    group = typer.main.get_command(app)
    found: list[list[str]] = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        found += [[name, sub] for sub in subs] if subs else [[name]]
    return sorted(found)


COMMANDS = _commands()


def test_the_cli_has_the_commands_the_issues_ask_for() -> None:
    names = {" ".join(c) for c in COMMANDS}
    assert {"run", "evaluate", "status", "bench", "bench-accuracy", "add", "show", "facts", "export"} <= names
    assert {"gold check", "gold draft"} <= names


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_is_in_the_readme_and_its_help_has_an_example(command: list[str]) -> None:
    assert f"newsfacts {' '.join(command)}" in README
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout


def test_the_readme_opens_with_the_two_commands() -> None:
    first = README.split("\n## ", 1)[0]
    assert "make run" in first and "make test" in first
    assert ".ci/run" not in first  # newcomers need only the two commands


def test_python_m_pipeline_is_the_same_cli() -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert re.search(r"\brun\b", out.stdout) and "evaluate" in out.stdout


def test_the_readme_examples_are_real_facts_of_the_corpus() -> None:
    from pipeline.schema import FACT_ADAPTER

    from .conftest import CORPUS

    block = README.split("```json\n", 1)[1].split("```", 1)[0]
    facts = [FACT_ADAPTER.validate_json(line) for line in block.splitlines() if line.strip()]
    assert {f.type for f in facts} == {"money", "date", "count", "entity"}
    for fact in facts:
        text = (CORPUS / f"{fact.article_id}.txt").read_text(encoding="utf-8")
        assert text[fact.start : fact.end] == fact.text
