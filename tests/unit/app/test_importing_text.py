"""Plain text and Markdown (``app.importing.text``): what is kept, the title and date."""

from __future__ import annotations

import textwrap
from datetime import date

from app.importing import import_bytes


def test_markdown_keeps_text_drops_rules_and_front_matter() -> None:
    source = textwrap.dedent(
        """\
        ---
        title: "Front matter title"
        date: 2024-01-04
        ---
        # Strike *kills* militia [leader](https://example.com)

        Some **bold** body text.

        ***

        ```bash
        # not a heading
        ---
        ```

        Last line.
        """
    )
    article = import_bytes(source.encode(), name="story.md")
    assert article.source.format == "md"
    assert article.title == "Strike kills militia leader"
    assert article.published == date(2024, 1, 4)
    assert article.text.startswith("# Strike *kills* militia [leader](https://example.com)")
    assert "Some **bold** body text." in article.text
    assert "***" not in article.text
    assert "title:" not in article.text
    # Inside a code fence nothing is markup to drop, and "#" is no heading.
    assert "# not a heading\n---\n```" in article.text
    assert article.text.endswith("Last line.")


def test_markdown_setext_heading_and_fallbacks() -> None:
    setext = import_bytes(b"The Headline\n============\n\nBody text.", name="a.markdown")
    assert setext.title == "The Headline"
    assert "====" not in setext.text
    front = import_bytes(b"---\ntitle: Only in front matter\n---\nBody text.", name="b.md")
    assert front.title == "Only in front matter"
    plain = import_bytes(b"## A second-level heading\n\nBody.", name="c.md")
    assert plain.title == "A second-level heading"
