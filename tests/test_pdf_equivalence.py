"""The same minutes as .txt and as a real .pdf give the same records.

The PDF is made from the seed's lines with fpdf2 (tests/pdfgen.py) and read back through
PDFium, so this exercises the real PDF path end to end. Line numbers, paths, hashes and the
format differ by nature and are left out of the comparison.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from casegraph.pipeline import load_document
from core.records import Document

from pdfgen import make_pdf

SEEDS = sorted((Path(__file__).resolve().parents[1] / "examples" / "nordfyns").glob("*.txt"))


def comparable(doc: Document) -> dict[str, Any]:
    """The facts a user relies on, without provenance."""
    m = doc.meeting
    return {
        "meeting": (
            m.forum,
            m.term,
            m.date,
            m.start,
            m.place,
            m.kind,
            m.attendees,
            m.absent,
            m.attendance_recorded,
        ),
        "items": [
            {
                "number": i.number,
                "title": i.title,
                "public": i.public,
                "case_numbers": i.case_numbers,
                "document_numbers": i.document_numbers,
                "decision": " ".join((i.decision or "").split()),
                "outcome": i.outcome,
                "earlier": [
                    (e.forum, e.date, " ".join(e.text.split())) for e in i.earlier_decisions
                ],
                "attachments": [(a.title, a.number) for a in i.attachments],
                "participants": i.participants,
                "absent_for_item": i.absent_for_item,
            }
            for i in m.items
        ],
    }


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_as_pdf_gives_the_same_records(seed: Path, tmp_path: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    pdf = make_pdf(text.split("\n"), tmp_path / (seed.stem + ".pdf"))
    from_text = load_document(seed)
    from_pdf = load_document(pdf)
    assert from_pdf.format == "pdf"
    assert comparable(from_pdf) == comparable(from_text)
