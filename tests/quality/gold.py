"""Load a hand-written gold set (``tests/quality/sets/<name>/gold.toml``).

The set's articles are imported with the real importer (``app.importing``), so
every quote is resolved to a ``[start, end)`` span in the text the engine sees.
A quote is looked up exactly first; if it is not found, again after folding
whitespace runs and curly quotes on both sides.  A quote that cannot be found,
or that occurs more than once, makes the set broken: :class:`GoldError` names
the set and the quote.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain import Article
from tests.quality.splits import Split, parse_split, real_split

Importer = Callable[..., Article]  # import_file(path, *, article_id=...) -> Article

SETS_DIR = Path(__file__).resolve().parent / "sets"
GOLD_FILE = "gold.toml"

_SET_KEYS = frozenset(
    {"title", "kind", "articles", "note", "notes", "description", "source", "split", "topic"}
)
_LINK_KEYS = frozenset(
    {"a", "b", "quote_a", "quote_b", "kind", "conflict", "values", "trap", "note", "comment"}
)
# "same": the two sentences state the same claim (a link the engine must
# find); "overlap": they share one checkable fact (a link it may make).
LINK_KINDS = ("same", "overlap")
_SINGLE_QUOTES = "‘’‚‛′`´"
_DOUBLE_QUOTES = "“”„‟″«»"


class GoldError(Exception):
    """A gold set that cannot be used as it is (missing file, bad TOML, lost quote)."""

    def __init__(self, set_name: str, message: str) -> None:
        super().__init__(f"gold set {set_name!r}: {message}")
        self.set_name = set_name


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str  # "A", "B", ... in the order of [set].articles
    path: Path
    article: Article


@dataclass(frozen=True, slots=True)
class GoldQuote:
    article_id: str
    quote: str
    start: int  # [start, end) in the imported Article.text
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class GoldLink:
    index: int  # 1-based position among the [[link]] tables of the file
    a: GoldQuote
    b: GoldQuote
    conflict: str | None = None  # conflict type, None for a match
    values: tuple[str, str] | None = None  # as written in A and in B
    trap: str | None = None
    note: str = ""
    kind: str = "same"

    @property
    def required(self) -> bool:
        """A link the engine must find; an "overlap" link it may make."""
        return self.kind == "same"

    @property
    def is_conflict(self) -> bool:
        return self.conflict is not None

    @property
    def is_trap(self) -> bool:
        return self.trap is not None

    def quote_for(self, article_id: str) -> GoldQuote:
        if article_id == self.a.article_id:
            return self.a
        if article_id == self.b.article_id:
            return self.b
        raise KeyError(article_id)


@dataclass(frozen=True, slots=True)
class GoldSet:
    name: str
    directory: Path
    title: str
    kind: str
    articles: tuple[GoldArticle, ...]
    links: tuple[GoldLink, ...]
    warnings: tuple[str, ...] = ()
    split: Split = "dev"
    family: str = "invented"  # invented | ecb | real
    # Spans the labeller was told to leave alone (an ECB+ article's URL line or
    # headline): relations touching them are neither right nor wrong.
    ignore: tuple[tuple[str, int, int], ...] = ()

    def ignored(self, article_id: str, start: int, end: int) -> bool:
        return any(a == article_id and min(e, end) > max(s, start) for a, s, e in self.ignore)

    @property
    def article_objects(self) -> tuple[Article, ...]:
        return tuple(g.article for g in self.articles)

    @property
    def conflicts(self) -> tuple[GoldLink, ...]:
        return tuple(link for link in self.links if link.is_conflict)

    @property
    def traps(self) -> tuple[GoldLink, ...]:
        return tuple(link for link in self.links if link.is_trap)


# ---------------------------------------------------------------------------
# Finding sets


def set_directories(root: Path = SETS_DIR) -> list[Path]:
    """Every folder under ``root`` holding a gold.toml, sorted by name."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / GOLD_FILE).is_file())


def article_ids(count: int) -> list[str]:
    """A, B, C, ... (then AA, AB, ... should a set ever have more than 26)."""
    ids = []
    for i in range(count):
        name = ""
        n = i
        while True:
            name = chr(ord("A") + n % 26) + name
            n = n // 26 - 1
            if n < 0:
                break
        ids.append(name)
    return ids


# ---------------------------------------------------------------------------
# Quotes


def _fold_char(ch: str) -> str:
    if ch in _SINGLE_QUOTES:
        return "'"
    if ch in _DOUBLE_QUOTES:
        return '"'
    return ch


def fold(text: str) -> tuple[str, list[int]]:
    """Fold curly quotes to straight ones and whitespace runs to one space.

    Returns the folded text and, for each of its characters, the index of the
    character of ``text`` it came from.
    """
    out: list[str] = []
    origin: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space:
                out.append(" ")
                origin.append(i)
            in_space = True
            continue
        in_space = False
        out.append(_fold_char(ch))
        origin.append(i)
    return "".join(out), origin


def _occurrences(haystack: str, needle: str) -> list[int]:
    found = []
    at = haystack.find(needle)
    while at != -1:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


class QuoteError(ValueError):
    """A quote that is not in the text, or is in it more than once."""


def find_quote(text: str, quote: str) -> tuple[int, int]:
    """The ``[start, end)`` span of ``quote`` in ``text``; it must occur exactly once.

    Tries the exact string first, then both sides folded (see :func:`fold`).
    Raises :class:`QuoteError` when it is missing or ambiguous.
    """
    quote = unicodedata.normalize("NFC", quote)
    if not quote.strip():
        raise QuoteError("the quote is empty")
    exact = _occurrences(text, quote)
    if len(exact) == 1:
        return exact[0], exact[0] + len(quote)
    if len(exact) > 1:
        raise QuoteError(
            f"occurs {len(exact)} times in the article; quote a longer, distinctive part"
        )
    folded_text, origin = fold(text)
    folded_quote, _ = fold(quote.strip())
    loose = _occurrences(folded_text, folded_quote)
    if len(loose) == 1:
        start = origin[loose[0]]
        end = origin[loose[0] + len(folded_quote) - 1] + 1
        return start, end
    if len(loose) > 1:
        raise QuoteError(
            f"occurs {len(loose)} times in the article (after folding whitespace and curly "
            "quotes); quote a longer, distinctive part"
        )
    raise QuoteError(
        "not found in the imported article text, not even after folding whitespace and curly quotes"
    )


# ---------------------------------------------------------------------------
# Loading


def _default_importer() -> Importer:
    from app.importing import import_file

    return import_file


def _text(value: Any, what: str, set_name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise GoldError(set_name, f"{what} must be a non-empty string, not {value!r}")
    return value


def load_set(directory: Path, *, importer: Importer | None = None) -> GoldSet:
    """Read ``directory/gold.toml``, import its articles and resolve every quote."""
    directory = Path(directory)
    name = directory.name
    raw = _read_gold_file(directory / GOLD_FILE, name)
    warnings: list[str] = []
    head, files = _set_table(raw, name, warnings)
    articles = _import_articles(directory, files, name, importer or _default_importer())
    texts = {g.id: g.article.text for g in articles}
    raw_links = raw.get("link", [])
    if not isinstance(raw_links, list):
        raise GoldError(name, "'link' must be an array of tables ([[link]])")
    for key in sorted(set(raw) - {"set", "link"}):
        warnings.append(f"unknown top-level key {key!r} (ignored)")
    links: list[GoldLink] = []
    seen: dict[tuple[tuple[str, int, int], ...], int] = {}
    for index, entry in enumerate(raw_links, start=1):
        link = _link(entry, index, texts, name, warnings)
        spans = tuple(sorted((q.article_id, q.start, q.end) for q in (link.a, link.b)))
        if spans in seen:
            warnings.append(f"link #{index} repeats link #{seen[spans]}")
        seen.setdefault(spans, index)
        links.append(link)
    family = "real" if head.get("source") else "invented"
    return GoldSet(
        name=name,
        directory=directory,
        title=str(head.get("title", name)),
        kind=str(head.get("kind", "")),
        articles=tuple(articles),
        links=tuple(links),
        warnings=tuple(warnings),
        split=_split(head, family, name),
        family=family,
    )


def _read_gold_file(gold_path: Path, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(gold_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldError(name, f"{gold_path} does not exist") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise GoldError(name, f"{gold_path} is not valid TOML: {exc}") from None


def _set_table(
    raw: dict[str, Any], name: str, warnings: list[str]
) -> tuple[dict[str, Any], list[str]]:
    """The [set] table and its article file names."""
    head = raw.get("set")
    if not isinstance(head, dict):
        raise GoldError(name, "gold.toml has no [set] table")
    for key in sorted(set(head) - _SET_KEYS):
        warnings.append(f"[set] has an unknown key {key!r} (ignored)")
    files = head.get("articles")
    if (
        not isinstance(files, list)
        or len(files) < 2
        or not all(isinstance(f, str) and f for f in files)
    ):
        raise GoldError(name, "[set].articles must list at least two article file names")
    if len(set(files)) != len(files):
        raise GoldError(name, "[set].articles lists a file twice")
    return head, files


def _import_articles(
    directory: Path, files: list[str], name: str, importer: Importer
) -> list[GoldArticle]:
    articles: list[GoldArticle] = []
    for article_id, file_name in zip(article_ids(len(files)), files, strict=True):
        path = directory / file_name
        if not path.is_file():
            raise GoldError(name, f"article file {file_name!r} (id {article_id}) does not exist")
        try:
            article = importer(path, article_id=article_id)
        except Exception as exc:  # the importer refusing a set's file breaks the set
            raise GoldError(
                name, f"article {article_id} ({file_name}) could not be imported: {exc}"
            ) from exc
        if article.id != article_id:
            raise GoldError(
                name,
                f"the importer gave {file_name} the id {article.id!r}, expected {article_id!r}",
            )
        articles.append(GoldArticle(article_id, path, article))
    return articles


def _link(
    entry: Any, index: int, texts: dict[str, str], name: str, warnings: list[str]
) -> GoldLink:
    """One [[link]] table, its quotes found in the articles' texts."""
    where = f"link #{index}"
    if not isinstance(entry, dict):
        raise GoldError(name, f"{where} is not a table")
    for key in sorted(set(entry) - _LINK_KEYS):
        warnings.append(f"{where} has an unknown key {key!r} (ignored)")
    quotes = _link_quotes(entry, where, texts, name)
    conflict = _optional_text(entry, "conflict", where, name)
    trap = _optional_text(entry, "trap", where, name)
    if conflict is not None and trap is not None:
        raise GoldError(name, f"{where} is both a conflict and a trap; a trap is a match")
    values = _link_values(entry, where, conflict, name, warnings)
    note = entry.get("note", entry.get("comment", ""))
    kind = entry.get("kind", "same")
    if kind not in LINK_KINDS:
        raise GoldError(name, f"{where}: kind must be one of {LINK_KINDS}, not {kind!r}")
    return GoldLink(
        index, quotes[0], quotes[1], conflict, values, trap, str(note) if note else "", kind
    )


def _link_quotes(
    entry: dict[str, Any], where: str, texts: dict[str, str], name: str
) -> list[GoldQuote]:
    """The link's two quotes, each in its article (a and b, two different ones)."""
    ids = []
    for side in ("a", "b"):
        value = entry.get(side)
        if value not in texts:
            raise GoldError(
                name,
                f"{where}: {side} = {value!r} is not one of the set's article ids {sorted(texts)}",
            )
        ids.append(value)
    if ids[0] == ids[1]:
        raise GoldError(
            name, f"{where}: a and b are both {ids[0]!r}; a link joins two different articles"
        )
    quotes = []
    for side, article_id in zip(("a", "b"), ids, strict=True):
        quote = _text(entry.get(f"quote_{side}"), f"{where}: quote_{side}", name)
        try:
            start, end = find_quote(texts[article_id], quote)
        except QuoteError as exc:
            raise GoldError(
                name, f"{where}: quote_{side} {quote!r} (article {article_id}): {exc}"
            ) from None
        quotes.append(GoldQuote(article_id, quote, start, end))
    return quotes


def _optional_text(entry: dict[str, Any], key: str, where: str, name: str) -> str | None:
    value = entry.get(key)
    return None if value is None else _text(value, f"{where}: {key}", name)


def _link_values(
    entry: dict[str, Any], where: str, conflict: str | None, name: str, warnings: list[str]
) -> tuple[str, str] | None:
    """The two conflicting values as written in A and in B; kept for a conflict only."""
    raw_values = entry.get("values")
    if raw_values is None:
        if conflict is not None:
            warnings.append(
                f"{where} is a conflict without values (not counted for "
                "'conflicts naming the values')"
            )
        return None
    if (
        not isinstance(raw_values, list)
        or len(raw_values) != 2
        or not all(isinstance(v, str | int | float) for v in raw_values)
    ):
        raise GoldError(
            name,
            f"{where}: values must be a list of two values "
            f"(as written in A and in B), not {raw_values!r}",
        )
    if conflict is None:
        warnings.append(f"{where} has values but no conflict (values ignored)")
        return None
    return (str(raw_values[0]), str(raw_values[1]))


def _split(head: dict[str, Any], family: str, name: str) -> Split:
    try:
        if family == "real" and "split" not in head:
            return real_split(name)
        return parse_split(head.get("split"), f"{name}: [set] split")
    except ValueError as exc:
        raise GoldError(name, str(exc)) from None
