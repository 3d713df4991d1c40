"""File > Export: the dialog, the export off the GUI thread, its folder and format.

The dialog proposes a file named after the session in the last export's
folder (kept in the settings), else the documents folder, never the
articles' (it can be read-only); the format chosen is remembered whether or
not the export succeeds.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, Slot

from app.export.formats import WHAT, Format
from ui.main_window.editing import Editing

if TYPE_CHECKING:
    from app.export.pdf.options import ExportOptions, ExportResult
    from app.export.write import DocumentResult


def documents_folder() -> Path | None:
    """The user's documents folder, when there is one."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else None


def writable_folder(folder: Path | None) -> bool:
    return folder is not None and folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


class Exporting(Editing):
    """The export dialog and the export under way."""

    def _export_target(self) -> str:
        """The file the export dialog proposes: named after the session, in
        the folder of the last export, else in the documents folder (never
        beside the articles: their folder can be read-only)."""
        session = self.controller.session
        name = session.name if session else "crosscheck summary"
        # Only what some file system refuses is replaced.
        stem = "".join("_" if ch in '/\\:*?"<>|' or not ch.isprintable() else ch for ch in name)
        stem = stem.strip(" .")
        return str(self.export_folder() / f"{stem or 'crosscheck summary'}.pdf")

    def export_folder(self) -> Path:
        """The last folder exported to (kept in the settings) while it is still
        there and writable, else the documents folder, else the home folder."""
        stored = self.prefs_store.export_folder() if self.prefs_store is not None else None
        last = Path(stored) if stored else self._export_folder
        for folder in (last, documents_folder()):
            if writable_folder(folder):
                assert folder is not None
                return folder
        return Path.home()

    def _remember_export_folder(self, path: str) -> None:
        folder = Path(path).parent
        self._export_folder = folder
        if self.prefs_store is not None:
            self.prefs_store.save_export_folder(str(folder))

    def export_format(self) -> Format:
        """The format of the last export (kept in the settings), else the PDF."""
        if self.prefs_store is not None:
            return self.prefs_store.export_format()
        return self._export_format

    @Slot()
    def open_export_dialog(self) -> None:
        if self.controller.comparison is None:
            self.status_text.setText("Open two or more articles first; then export the summary.")
            return
        from ui.export_dialog import ExportDialog  # reportlab loads with it

        session = self.controller.session
        dialog = ExportDialog(
            self._export_target(),
            session.name if session else None,
            self,
            self.export_format(),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self._start_export(dialog.path(), dialog.options(), dialog.export_format())
        )
        dialog.finished.connect(lambda _code: setattr(self, "export_dialog", None))
        self._return_focus_after(dialog)
        self.export_dialog = dialog
        dialog.open()

    def _start_export(self, path: str, options: ExportOptions, export_format: Format) -> None:
        comparison = self.controller.comparison
        if comparison is None:
            return
        # The choice is remembered when made, whether or not the export succeeds.
        self._export_format = export_format
        if self.prefs_store is not None:
            self.prefs_store.save_export_format(export_format)
        if self.exporter is None:
            from ui.export_task import Exporter

            self.exporter = Exporter(self)
            self.exporter.progressed.connect(self._on_exporter_progressed)
            self.exporter.finished.connect(self._on_exporter_finished)
            self.exporter.failed.connect(self._on_exporter_failed)
            self.exporter.cancelled.connect(self._on_exporter_cancelled)
        self.exporter.start(path, comparison, self.controller.session, options, export_format)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.status_text.setText(f"Exporting {WHAT[export_format]}…")

    def _end_export(self) -> None:
        if not self.controller.busy:
            self.progress.hide()
            self.cancel_button.hide()

    @Slot(str, int, int)
    def _on_exporter_progressed(self, message: str, done: int, total: int) -> None:
        self._on_controller_progress_reported(message, done, total)

    @Slot(object)
    def _on_exporter_finished(self, result: ExportResult | DocumentResult) -> None:
        self._end_export()
        self.last_export = result
        self._remember_export_folder(str(result.path))
        from app.export.write import DocumentResult  # loaded with the exporter

        if isinstance(result, DocumentResult):  # Markdown, Word or CSV
            self.status_text.setText(f"Exported {result.describe()} to {result.path}")
            return
        pages = f"{result.pages} page{'s' if result.pages != 1 else ''}"
        missing = len(result.unprintable)
        note = (
            f"; {missing} character{'s' if missing != 1 else ''} could not be printed"
            " (listed on the cover)"
            if missing
            else ""
        )
        self.status_text.setText(f"Exported {pages} to {result.path}{note}")

    @Slot(str)
    def _on_exporter_failed(self, message: str) -> None:
        self._end_export()
        what = WHAT[self._export_format]
        self._problem(f"{what[0].upper()}{what[1:]} was not written", message)

    @Slot()
    def _on_exporter_cancelled(self) -> None:
        self._end_export()
        self.status_text.setText("Export cancelled; nothing was written.")
