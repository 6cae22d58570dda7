"""Make real PDFs from lines of text, so tests can read the same document as .txt and .pdf.

Uses fpdf2 with the core Helvetica font in the cp1252 (WinAnsi) encoding, which covers Danish
letters and the en dash and bullet the minutes use. Each line becomes one line of the PDF; the
page is made wide enough for the longest line, so no line is wrapped and PDFium gives the lines
back as they were (runs of white space may come back as one space, and empty lines are gone).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

FONT_SIZE = 10.0
LINE_HEIGHT = 5.0  # mm
MARGIN = 10.0  # mm
PAGE_HEIGHT = 297.0  # mm, A4
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def make_pdf(lines: list[str], path: Path) -> Path:
    """Write ``lines`` as a text PDF at ``path`` and return ``path``.

    A form feed inside a line starts a new page. Characters outside cp1252 raise
    ``UnicodeEncodeError`` (fpdf2 wraps it), since the core fonts cannot draw them.

    >>> import tempfile
    >>> pdf = make_pdf(["Mødedato – 3. juni", "", "Punkt 1"], Path(tempfile.mkdtemp()) / "a.pdf")
    >>> pdf.read_bytes()[:5]
    b'%PDF-'
    """
    probe = _new_pdf()
    width = max(
        (probe.get_string_width(part) for line in lines for part in line.split("\f")), default=0
    )
    pdf = _new_pdf(page_width=max(width + 2 * MARGIN + 5, 210.0))
    pdf.add_page()
    for line in lines:
        for index, part in enumerate(line.split("\f")):
            if index:
                pdf.add_page()
            pdf.cell(0, LINE_HEIGHT, part, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _new_pdf(page_width: float = 210.0) -> FPDF:
    pdf = FPDF(format=(page_width, PAGE_HEIGHT))
    pdf.core_fonts_encoding = "cp1252"
    pdf.set_margins(MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.set_font("helvetica", size=FONT_SIZE)
    # Fixed metadata so the same lines give the same bytes.
    pdf.set_creation_date(_EPOCH)
    return pdf
