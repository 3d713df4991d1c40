"""The document frame: page template, running header, page numbers, metadata,
and the build that reports progress and can be cancelled."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate

from app import __version__
from app.errors import Cancelled
from app.export.pdf.content import Summary
from app.export.pdf.fonts import REGULAR
from app.export.pdf.options import Paper
from app.export.pdf.scripts import draw_string
from app.export.pdf.theme import Theme
from app.jobs.progress import IsCancelled, Progress, Stage

CREATOR = f"Crosscheck {__version__}"
PAPERS = {"A4": A4, "Letter": LETTER}
MARGIN = 18 * mm
# Report layout progress every this many flowables.
PROGRESS_EVERY = 50


class SummaryDoc(SimpleDocTemplate):  # type: ignore[misc]
    def __init__(
        self,
        target: BinaryIO | str,
        summary: Summary,
        theme: Theme,
        paper: Paper,
        progress: Progress | None,
        cancelled: IsCancelled | None,
    ) -> None:
        super().__init__(
            target,
            pagesize=PAPERS[paper],
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 4 * mm,
            bottomMargin=MARGIN,
            title=summary.title,
            author=summary.author,
            creator=CREATOR,
            producer=CREATOR,
            subject="Crosscheck summary: agreement, discrepancies and annotations",
            keywords=[a.title for a in summary.articles],
            lang="en",
        )
        self.summary = summary
        self.theme = theme
        self.progress = progress
        self.cancelled = cancelled
        self.total = 1
        self.done = 0

    def afterFlowable(self, flowable: Flowable) -> None:
        self.done += 1
        if self.done % PROGRESS_EVERY == 0:
            if self.cancelled and self.cancelled():
                raise Cancelled("PDF export cancelled")
            if self.progress:
                self.progress(Stage.LAYOUT, min(self.done, self.total), self.total)

    def _decorate(self, canv: Any, doc: Any) -> None:
        w, h = self.pagesize
        canv.saveState()
        canv.setFont(REGULAR, 8)
        canv.setFillColorRGB(*self.theme.ink["header"])
        header = self.summary.session_name or self.summary.title
        draw_string(canv, MARGIN, h - MARGIN + 2 * mm, _clip(header, 90), 8)
        canv.drawRightString(w - MARGIN, h - MARGIN + 2 * mm, "Crosscheck summary")
        canv.setStrokeColorRGB(*self.theme.ink["rule"])
        canv.setLineWidth(0.4)
        canv.line(MARGIN, h - MARGIN + 0.5 * mm, w - MARGIN, h - MARGIN + 0.5 * mm)
        canv.drawCentredString(w / 2, MARGIN / 2, f"Page {canv.getPageNumber()}")
        canv.drawString(MARGIN, MARGIN / 2, f"Exported {self.summary.exported:%Y-%m-%d}")
        canv.restoreState()

    def render(self, story: Sequence[Flowable]) -> None:
        self.total = len(story)
        self.build(list(story), onFirstPage=self._decorate, onLaterPages=self._decorate)
        if self.progress:
            self.progress(Stage.LAYOUT, self.total, self.total)


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
