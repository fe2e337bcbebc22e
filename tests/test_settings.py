"""Settings: defaults in one place, ``NEWSFACTS_*`` overrides, one-line errors naming the variable."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import pipeline.cli.run
from pipeline.cli.app import app
from pipeline.errors import NewsfactsError
from pipeline.settings import Settings


@pytest.fixture(autouse=True)
def _no_ambient_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(f"NEWSFACTS_{name.upper()}", raising=False)


@pytest.mark.parametrize(("cores", "expected"), [(6, 6), (1, 1), (None, 1)])
def test_processes_defaults_to_the_machine_cores(
    monkeypatch: pytest.MonkeyPatch, cores: int | None, expected: int
) -> None:
    monkeypatch.setattr("pipeline.settings.os.cpu_count", lambda: cores)
    assert Settings().processes == expected
    assert Settings.from_env().processes == expected


def test_env_sets_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFACTS_PROCESSES", "2")
    assert Settings.from_env().processes == 2


def test_an_explicit_override_beats_the_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSFACTS_PROCESSES", "zero")
    assert Settings.from_env(processes=3).processes == 3


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("zero", "input should be a valid integer"),
        ("0", "greater than or equal to 1"),
        ("-4", "greater than or equal to 1"),
        ("", "input should be a valid integer"),
        ("2.5", "input should be a valid integer"),
    ],
)
def test_a_bad_env_value_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, value: str, problem: str
) -> None:
    monkeypatch.setenv("NEWSFACTS_PROCESSES", value)
    with pytest.raises(NewsfactsError) as info:
        Settings.from_env()
    message = str(info.value)
    assert message.startswith(f"NEWSFACTS_PROCESSES={value!r}: ")
    assert problem in message
    assert "\n" not in message


def test_a_bad_override_names_the_setting() -> None:
    with pytest.raises(NewsfactsError, match=r"^setting processes = 0: .*greater than or equal to 1$"):
        Settings.from_env(processes=0)


runner = CliRunner()


@pytest.fixture
def executor_args(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """What ``newsfacts run`` passes to ``make_executor``; the run stops right there (exit 2)."""
    seen: list[int] = []

    def stop(processes: int, dask: str | None = None) -> None:
        seen.append(processes)
        raise NewsfactsError("stopped before running")

    monkeypatch.setattr(pipeline.cli.run, "make_executor", stop)
    return seen


@pytest.mark.parametrize(
    ("env", "args", "expected"),
    [
        ({}, [], 5),
        ({"NEWSFACTS_PROCESSES": "3"}, [], 3),
        ({"NEWSFACTS_PROCESSES": "3"}, ["-p", "2"], 2),
        ({"NEWSFACTS_PROCESSES": "zero"}, ["--processes", "1"], 1),
    ],
)
def test_run_takes_processes_from_the_option_else_the_settings(
    monkeypatch: pytest.MonkeyPatch,
    executor_args: list[int],
    env: dict[str, str],
    args: list[str],
    expected: int,
) -> None:
    monkeypatch.setattr("pipeline.settings.os.cpu_count", lambda: 5)
    result = runner.invoke(app, ["run", *args], env=env)
    assert result.exit_code == 2
    assert result.stderr == "error: stopped before running\n"
    assert executor_args == [expected]


def test_run_reports_a_bad_env_value_in_one_line(executor_args: list[int]) -> None:
    result = runner.invoke(app, ["run"], env={"NEWSFACTS_PROCESSES": "zero"})
    assert result.exit_code == 2
    assert result.stderr.startswith("error: NEWSFACTS_PROCESSES='zero': input should be a valid integer")
    assert result.stderr.count("\n") == 1
    assert executor_args == []
