"""Building articles in tests without touching the importer."""

from __future__ import annotations

import hashlib
from datetime import date

from app.domain import Article, Source


def article(article_id: str, text: str, published: date | None = None) -> Article:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    source = Source(f"{article_id}.txt", "txt", "utf-8", digest, len(text.encode("utf-8")))
    title = text.strip().split("\n", 1)[0][:80]
    return Article(article_id, title, text, source, published)
