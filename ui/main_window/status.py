"""What the window says of the work: the status bar and the title.

The status bar's line (the summary of the comparison, a message passing by,
the progress of an analysis), its progress bar and Cancel button; problems
(a message box, or stderr when the window is not interactive); the window's
title and the session's save state over the panes; the legend's counts.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressBar, QPushButton

from ui.controller.base import PipelineState
from ui.highlighter import Role
from ui.main_window.base import MESSAGE_MS, WindowBase
from ui.relations_panel import count_text


class StatusLine(WindowBase):
    """The status bar, the title, the save state and the legend's counts."""

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_text = QLabel("Ready")
        self.status_text.setAccessibleName("Status")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Progress of the work under way")
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the analysis under way")
        self.cancel_button.setAccessibleName("Cancel the work under way")
        self.cancel_button.clicked.connect(self.cancel_work)
        self.cancel_button.hide()
        bar.addWidget(self.status_text, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)

    def _show_summary(self) -> None:
        comparison = self.controller.comparison
        if comparison is None:
            self.status_text.setText("Ready")
        elif len(comparison.articles) < 2:
            self.status_text.setText("Add another article to compare it with.")
        else:
            judgements = self.controller.judgements
            counts = judgements.counts() if judgements is not None else {}
            full = self.controller.full_comparison
            hidden = len(full.relations) - len(comparison.relations) if full is not None else 0
            self.status_text.setText(
                f"{len(comparison.articles)} articles · "
                + (count_text(counts) if counts else f"{len(comparison.relations)} relations")
                + (f" · {hidden} possible hidden (Ctrl+P)" if hidden else "")
                + "  (F8: next conflict)"
            )

    @Slot(bool)
    def _on_controller_busy_changed(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.open_action.setEnabled(True)
        if not busy:
            self._show_summary()

    @Slot(str, int, int)
    def _on_controller_progress_reported(self, message: str, done: int, total: int) -> None:
        self.status_text.setText(message)
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)  # busy indicator

    @Slot(str)
    def _on_controller_model_state_changed(self, state: str) -> None:
        if self.controller.busy:
            return  # the analysis reports its own progress
        if state == PipelineState.LOADING:
            self.status_text.setText("Loading language model…")
            self.progress.setRange(0, 0)
            self.progress.show()
        elif state == PipelineState.READY:
            self.progress.hide()
            if self.controller.comparison is None:
                self.status_text.setText("Ready — open or drop two or more articles.")
            else:
                self._show_summary()
        else:
            self.progress.hide()
            self._problem("The language model could not be loaded", self.controller.model_error)

    @Slot(str)
    def _on_controller_status_reported(self, message: str) -> None:
        # A passing message: the summary returns when it times out.
        self.statusBar().showMessage(message, MESSAGE_MS)

    @Slot(list)
    def _on_controller_files_refused(self, messages: list[str]) -> None:
        opened = len(self.controller.articles)
        title = "A file could not be opened" if len(messages) == 1 else "Files not opened"
        suffix = f"\n\nThe other files are open ({opened} articles)." if opened else ""
        self._problem(title, "\n\n".join(messages) + suffix)

    @Slot(str)
    def _on_controller_analysis_failed(self, message: str) -> None:
        self._problem("The analysis failed", message)

    @Slot()
    def _on_controller_analysis_cancelled(self) -> None:
        self.status_text.setText("Analysis cancelled.")

    def _problem(self, title: str, message: str) -> None:
        self.status_text.setText(f"{title}.")
        if self.interactive:
            QMessageBox.warning(self, title, message)
        else:
            import sys

            sys.stderr.write(f"crosscheck: {title}: {message}\n")

    @Slot()
    def cancel_work(self) -> None:
        if self.exporter is not None and self.exporter.busy:
            self.exporter.cancel()
        if self.controller.busy:
            self.controller.cancel()

    @Slot()
    def _update_title(self) -> None:
        session = self.controller.session
        if session is not None:
            state = self.controller.save_state
            self.setWindowTitle(f"{session.name} — {state} — Crosscheck")
            self.save_label.set_full_text(f"Session “{session.name}” · {state}")
            return
        self.save_label.set_full_text("")
        articles = self.controller.articles
        title = " · ".join(a.title for a in articles[:3]) if articles else ""
        self.setWindowTitle(f"Crosscheck — {title}" if title else "Crosscheck")

    @property
    def legend_labels(self) -> dict[Role, QLabel]:
        """The legend's labels by role (tests read their counts)."""
        return self.legend.labels

    def _update_legend(self) -> None:
        """The relation counts in the legend, as the verdicts leave them."""
        self.legend.show_counts(self.controller.judgements)
