"""The Export dialog: the format, where the file goes and what it holds.

The dialog only collects choices; ``ui.export_task.Exporter`` writes the
file.  ``options()`` maps the choices onto ``app.export.pdf.options.ExportOptions``;
``export_format()`` is one of ``app.export.formats.FORMATS``.  Choosing a
format gives the file name that format's ending; typing a name that ends as
another format does chooses that format.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.export.formats import FORMATS, LABELS, SUFFIXES, Format, with_suffix
from app.export.pdf.options import ExportOptions, Paper

PAPERS: tuple[Paper, ...] = ("A4", "Letter")
# The save dialog's file-type filter for each format.
FILTERS: dict[Format, str] = {
    "pdf": "PDF (*.pdf)",
    "md": "Markdown (*.md *.markdown)",
    "docx": "Word document (*.docx)",
    "csv": "CSV table (*.csv)",
}


def known_format(path: Path) -> Format | None:
    """The format a file name's ending names, if any."""
    suffix = path.suffix.lower()
    return next((fmt for fmt in FORMATS if suffix in SUFFIXES[fmt]), None)


def default_paper() -> Paper:
    """Letter where the locale measures in US units, A4 everywhere else."""
    us = QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "Letter" if us else "A4"


class ExportDialog(QDialog):
    """Format, output file, contents and (for the PDF) paper of the summary."""

    def __init__(
        self,
        default_path: str,
        session_name: str | None,
        parent: QWidget | None = None,
        export_format: Format = "pdf",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")
        self.setMinimumWidth(560)
        self._default_path = default_path
        # A bare file name typed by hand lands beside the suggested file.
        self._folder = Path(default_path).expanduser().parent if default_path.strip() else None
        self._session_name = (session_name or "").strip() or None

        what = (
            f"Summary of the session “{self._session_name}”"
            if self._session_name
            else "Summary of the open articles (not saved as a session)"
        )
        self.heading = QLabel(what)
        self.heading.setObjectName("legendText")
        self.heading.setWordWrap(True)

        self.format_combo = QComboBox()
        self.format_combo.setAccessibleName("Format")
        for fmt in FORMATS:
            self.format_combo.addItem(LABELS[fmt], fmt)
        self.format_combo.setCurrentIndex(FORMATS.index(export_format))

        self.file_edit = QLineEdit(
            str(with_suffix(Path(default_path), export_format)) if default_path.strip() else ""
        )
        self.file_edit.setPlaceholderText("File to write")
        self.file_edit.setAccessibleName("File to write")
        self.file_edit.editingFinished.connect(self._on_file_edit_editing_finished)
        self.choose_button = QPushButton("Choose…")
        self.choose_button.setAutoDefault(False)  # Enter exports, it does not browse
        self.choose_button.setAccessibleName("Choose the file")
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        file_row = QHBoxLayout()
        file_row.setContentsMargins(0, 0, 0, 0)
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)

        self.conflicts_box = QCheckBox("Conflicts")
        self.conflicts_box.setAccessibleName("Include conflicts")
        self.conflicts_box.setChecked(True)
        self.matches_box = QCheckBox("Matches")
        self.matches_box.setAccessibleName("Include matches")
        self.matches_box.setChecked(True)
        kinds_row = QHBoxLayout()
        kinds_row.setContentsMargins(0, 0, 0, 0)
        kinds_row.addWidget(self.conflicts_box)
        kinds_row.addWidget(self.matches_box)
        kinds_row.addStretch(1)

        self.texts_box = QCheckBox("Include the full texts")
        self.texts_box.setAccessibleName("Include the full texts")
        self.texts_box.setChecked(True)
        self.texts_box.setToolTip(
            "Each article in full after the summary, with its conflicts and notes highlighted"
        )
        self.open_box = QCheckBox("Leave out resolved annotations and rejected relations")
        self.open_box.setAccessibleName("Leave out resolved annotations and rejected relations")
        self.open_box.setChecked(False)
        self.open_box.setToolTip(
            "Only open annotations, and no relation marked as rejected.\n"
            "Otherwise rejected conflicts are listed last, marked as rejected."
        )

        self.paper_combo = QComboBox()
        self.paper_combo.setAccessibleName("Paper")
        for paper in PAPERS:
            self.paper_combo.addItem(paper, paper)
        self.paper_combo.setCurrentIndex(PAPERS.index(default_paper()))

        self.hint = QLabel()
        self.hint.setObjectName("legendText")

        form = QFormLayout()
        # The file field widens with the dialog; the paper list keeps its size.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Format", self.format_combo)
        form.addRow("File", file_row)
        form.addRow("Relations", kinds_row)
        form.addRow("Contents", self.texts_box)
        form.addRow("", self.open_box)
        form.addRow("Paper", self.paper_combo)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("Export")
        self.export_button.setAccessibleName("Export")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)

        self.format_combo.currentIndexChanged.connect(self._on_format_combo_changed)
        self.file_edit.textChanged.connect(self._update)
        self.conflicts_box.toggled.connect(self._update)
        self.matches_box.toggled.connect(self._update)
        self._update()
        self._show_format_options()
        self.export_button.setFocus()

    # -- what the caller reads -------------------------------------------------

    def export_format(self) -> Format:
        data = self.format_combo.currentData()
        return next((fmt for fmt in FORMATS if fmt == data), "pdf")

    def path(self) -> str:
        """The file to write ("" when none is given), always with the
        chosen format's ending."""
        text = self.file_edit.text().strip()
        if not text:
            return ""
        target = Path(text).expanduser()
        if not target.is_absolute() and self._folder is not None:
            target = self._folder / target
        return str(with_suffix(target, self.export_format()))

    def options(self) -> ExportOptions:
        """The choices as export options (the Export button needs a kind ticked)."""
        kinds = frozenset(
            kind
            for kind, box in (("conflict", self.conflicts_box), ("match", self.matches_box))
            if box.isChecked()
        )
        paper: Paper = "Letter" if self.paper_combo.currentData() == "Letter" else "A4"
        return ExportOptions(
            include_texts=self.texts_box.isChecked(),
            only_open=self.open_box.isChecked(),
            kinds=kinds,
            paper=paper,
            title=self._session_name,
        )

    def problem(self) -> str:
        """Why Export is disabled, or "" when it is not."""
        if not self.file_edit.text().strip():
            return "Give the file to write."
        if not (self.conflicts_box.isChecked() or self.matches_box.isChecked()):
            return "Tick conflicts, matches or both."
        return ""

    def accept(self) -> None:
        if self.problem():
            return  # Enter in the file field with nothing to export
        self.file_edit.setText(self.path())
        super().accept()

    # -- slots -----------------------------------------------------------------

    def _update(self) -> None:
        problem = self.problem()
        self.export_button.setEnabled(not problem)
        self.hint.setText(problem)

    def _show_format_options(self) -> None:
        """Paper and full texts are the PDF's alone."""
        pdf = self.export_format() == "pdf"
        for widget in (self.texts_box, self.paper_combo):
            widget.setEnabled(pdf)
            widget.setToolTip("" if pdf else "Only the PDF has pages and the full texts")
        if pdf:
            self.texts_box.setToolTip(
                "Each article in full after the summary, with its conflicts and notes highlighted"
            )

    def _on_format_combo_changed(self, _index: int) -> None:
        text = self.file_edit.text().strip()
        if text:
            self.file_edit.setText(str(with_suffix(Path(text), self.export_format())))
        self._show_format_options()

    def _on_choose_button_clicked(self) -> None:
        fmt = self.export_format()
        start = self.path() or self._default_path
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self, "Export", start, ";;".join(FILTERS[f] for f in FORMATS), FILTERS[fmt]
        )
        if not chosen:
            return
        # The file type chosen in the save dialog is the format, unless the
        # name typed there ends as one.
        by_filter = next((f for f in FORMATS if FILTERS[f] == chosen_filter), fmt)
        picked: Format = known_format(Path(chosen)) or by_filter
        self.format_combo.setCurrentIndex(FORMATS.index(picked))
        self.file_edit.setText(str(with_suffix(Path(chosen), picked)))

    def _on_file_edit_editing_finished(self) -> None:
        # A name ending as a format does picks it; otherwise show the ending
        # the export will add, so the file name holds no surprise.
        text = self.file_edit.text().strip()
        if not text:
            return
        typed = known_format(Path(text))
        if typed is not None and typed != self.export_format():
            self.format_combo.setCurrentIndex(FORMATS.index(typed))
        else:
            self.file_edit.setText(str(with_suffix(Path(text), self.export_format())))
