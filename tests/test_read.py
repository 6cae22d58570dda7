"""Tests for extract.read: files on disk to decoded text."""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

import pytest
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import (
    BinaryDocumentError,
    EmptyDocumentError,
    EncodingError,
    InputError,
    PdfError,
    UnsupportedFileError,
)
from extract.read import SUFFIXES, RawDocument, read_document

from pdfgen import make_pdf

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "examples" / "nordfyns").glob("*.txt"))
SEED_000 = ROOT / "examples" / "nordfyns" / "000_684b67a3f1ecf733.txt"
SEED_004 = ROOT / "examples" / "nordfyns" / "004_4cfb6e13448d6800.txt"
CORPUS = ROOT.parent / "shared" / "corpus"
AARHUS_PDF = CORPUS / "Aarhus_Byraadet_2025-08-27.pdf"
AARHUS_TXT = CORPUS / "Aarhus_Byraadet_2025-08-27.txt"

needs_corpus = pytest.mark.skipif(
    not AARHUS_PDF.exists(), reason=f"the shared corpus is absent ({CORPUS})"
)


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def squash(line: str) -> str:
    """A line with runs of white space made one space (PDFs do not keep tabs and indents)."""
    return " ".join(line.split())


def nonempty_lines(text: str) -> list[str]:
    return [squash(line) for line in text.split("\n") if line.strip()]


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED_000.read_text(encoding="utf-8")


# -- text encodings -------------------------------------------------------------------------


def test_utf8_seed_is_read_as_is(tmp_path: Path, seed_text: str) -> None:
    data = seed_text.encode("utf-8")
    path = write(tmp_path, "referat.txt", data)
    doc = read_document(path)
    assert doc == RawDocument(str(path), hashlib.sha256(data).hexdigest(), seed_text, "text")


def test_path_is_kept_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "referat.txt", b"Punkt 1\n")
    monkeypatch.chdir(tmp_path)
    assert read_document("referat.txt").path == "referat.txt"


def test_utf8_bom_is_dropped(tmp_path: Path, seed_text: str) -> None:
    data = codecs.BOM_UTF8 + seed_text.encode("utf-8")
    doc = read_document(write(tmp_path, "bom.txt", data))
    assert doc.text == seed_text
    assert doc.sha256 == hashlib.sha256(data).hexdigest()  # of the bytes, BOM included


def test_cp1252_seed_decodes_to_the_same_text(tmp_path: Path, seed_text: str) -> None:
    # The seed has æøå and en dashes (0x96 in cp1252, a control character in latin-1).
    assert "–" in seed_text
    doc = read_document(write(tmp_path, "cp1252.txt", seed_text.encode("cp1252")))
    assert doc.text == seed_text


def test_cp1252_danish_letters(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "m.txt", "Mødedato\nÆble på Ø\n".encode("cp1252")))
    assert doc.text == "Mødedato\nÆble på Ø\n"


def test_latin1_is_the_last_resort(tmp_path: Path) -> None:
    # 0x81 is undefined in cp1252, so only latin-1 decodes this; the ø must survive.
    doc = read_document(write(tmp_path, "m.txt", b"M\xf8dedato \x81\nPunkt 1\n"))
    assert doc.text == "Mødedato \x81\nPunkt 1\n"


def test_utf16_with_bom_is_text(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "notepad.txt", "Mødedato\r\nPunkt 1".encode("utf-16")))
    assert doc.text == "Mødedato\nPunkt 1"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_line_ends_become_lf_and_line_count_is_kept(
    tmp_path: Path, seed_text: str, newline: str
) -> None:
    lines = seed_text.split("\n")
    doc = read_document(write(tmp_path, "m.txt", newline.join(lines).encode("utf-8")))
    assert doc.text.split("\n") == lines


def test_mixed_line_ends_keep_the_line_count(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "m.txt", b"a\r\nb\rc\nd\r\n\r\ne"))
    assert doc.text == "a\nb\nc\nd\n\ne"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_line_count_is_kept(seed: Path) -> None:
    data = seed.read_bytes()
    assert len(read_document(seed).text.split("\n")) == data.count(b"\n") + 1


def test_form_feeds_are_kept(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "m.txt", b"Side 1\r\n\fSide 2\fSide 3\r\n"))
    assert doc.text == "Side 1\n\fSide 2\fSide 3\n"


# -- format ---------------------------------------------------------------------------------


def test_markdown_seed_in_txt_is_markdown() -> None:
    assert read_document(SEED_004).format == "markdown"


@pytest.mark.parametrize("seed", [s for s in SEEDS if s != SEED_004], ids=lambda p: p.stem)
def test_plain_seeds_are_text(seed: Path) -> None:
    assert read_document(seed).format == "text"


@pytest.mark.parametrize("suffix", [".md", ".markdown", ".MD"])
def test_markdown_suffix_is_markdown(tmp_path: Path, suffix: str) -> None:
    assert read_document(write(tmp_path, "m" + suffix, b"Punkt 1\n")).format == "markdown"


def test_one_hash_line_does_not_make_markdown(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "m.txt", b"# 1 Tidsplan\nPunkt 1\nPunkt 2\n"))
    assert doc.format == "text"


def test_format_is_checked() -> None:
    with pytest.raises(ValueError, match="format must be one of"):
        RawDocument("a.doc", "0" * 64, "x", "word")


# -- bad input ------------------------------------------------------------------------------

ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(40)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(20)

BAD_INPUTS = [
    ("empty.txt", b"", EmptyDocumentError, r"the file is empty \(0 bytes\)"),
    ("blank.txt", b"  \r\n\t\n\f\n", EmptyDocumentError, "only white space"),
    ("bom-only.md", codecs.BOM_UTF8 + b" \n", EmptyDocumentError, "only white space"),
    ("nbsp-only.txt", "\u00a0\n".encode(), EmptyDocumentError, "only white space"),
    ("empty.pdf", b"", EmptyDocumentError, "empty"),
    ("blank.pdf", b"\n\n", EmptyDocumentError, "empty"),
    ("nul.txt", b"Punkt 1\x00\x00\x00", BinaryDocumentError, "NUL bytes"),
    ("image.txt", PNG, BinaryDocumentError, "PNG image"),
    ("minutes.md", ZIP, BinaryDocumentError, r"ZIP archive \(a Word .docx"),
    ("minutes.txt", b"%PDF-1.4\n%%EOF\n", BinaryDocumentError, "is a PDF.*Rename it to .pdf"),
    ("control.txt", bytes(range(1, 9)) * 20, EncodingError, "mostly control characters"),
    (
        "broken.txt",
        "Mødedato\nMødested Rådhuset\n".encode() + b"Sal \xf8\n",
        EncodingError,
        r"is UTF-8 but has invalid bytes on line 3.*save it as UTF-8",
    ),
    ("badbom.txt", codecs.BOM_UTF8 + b"ok \xff", EncodingError, "UTF-8 byte-order mark"),
    ("text.pdf", "Mødedato 3. juni\n".encode(), PdfError, r"not a PDF \(it looks like text\)"),
    ("png.pdf", PNG, PdfError, r"not a PDF \(it is a PNG image\)"),
    ("error.pdf", b"<!DOCTYPE html><html>404</html>", PdfError, "web page.*Download the PDF again"),
    ("junk.pdf", b"%PDF-1.7\nnot really\n%%EOF\n", PdfError, "damaged or truncated"),
    ("notes.docx", ZIP, UnsupportedFileError, r"unsupported file type \(.docx\)"),
    ("README", b"Punkt 1\n", UnsupportedFileError, r"unsupported file type \(no suffix\)"),
]


@pytest.mark.parametrize(
    ("name", "data", "error", "match"), BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS]
)
def test_bad_input_raises(
    tmp_path: Path, name: str, data: bytes, error: type[InputError], match: str
) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(error, match=match) as caught:
        read_document(path)
    # Every message names the file and says what to do.
    assert str(caught.value).startswith(f"{path}: ")
    assert caught.value.hint


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.txt: no such file"):
        read_document(tmp_path / "missing.txt")


def test_folder_is_not_a_document(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        read_document(tmp_path)


def test_symlink_loop_named_as_a_document(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    with pytest.raises(InputError, match=r"a\.txt: is a symbolic link loop"):
        read_document(tmp_path / "a.txt")


def test_broken_symlink_named_as_a_document(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to("gone.txt")
    with pytest.raises(InputError, match=r"a\.txt: is a broken symbolic link \(to gone\.txt"):
        read_document(tmp_path / "a.txt")


def test_named_pipe_is_refused_not_read(tmp_path: Path) -> None:
    # Reading a FIFO nobody writes to would wait forever.
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(InputError, match=r"pipe\.txt: is not a regular file"):
        read_document(tmp_path / "pipe.txt")


def test_half_of_a_generated_pdf_is_truncated(tmp_path: Path, seed_text: str) -> None:
    data = make_pdf(seed_text.split("\n"), tmp_path / "whole.pdf").read_bytes()
    path = write(tmp_path, "half.pdf", data[: len(data) // 2])
    with pytest.raises(PdfError, match=r"damaged or truncated.*Download it again"):
        read_document(path)


@needs_corpus
def test_half_of_the_aarhus_pdf_is_truncated(tmp_path: Path) -> None:
    data = AARHUS_PDF.read_bytes()
    path = write(tmp_path, "half.pdf", data[: len(data) // 2])
    with pytest.raises(PdfError, match=r"half\.pdf: the PDF is damaged or truncated"):
        read_document(path)


@needs_corpus
def test_half_of_the_aarhus_pdf_with_an_eof_marker_is_damaged(tmp_path: Path) -> None:
    # Past the %%EOF check, so PDFium itself has to refuse it and the error must be ours.
    data = AARHUS_PDF.read_bytes()
    path = write(tmp_path, "half.pdf", data[: len(data) // 2] + b"\n%%EOF\n")
    with pytest.raises(PdfError, match="damaged or truncated"):
        read_document(path)


def test_encrypted_pdf(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.set_font("helvetica")
    pdf.add_page()
    pdf.cell(0, 5, "Lukket punkt")
    pdf.set_encryption(owner_password="owner", user_password="user")
    pdf.output(str(tmp_path / "locked.pdf"))
    with pytest.raises(PdfError, match=r"locked\.pdf: the PDF is encrypted.*qpdf --decrypt"):
        read_document(tmp_path / "locked.pdf")


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    # Permission-only encryption opens without a password; such PDFs are common and readable.
    pdf = FPDF()
    pdf.set_font("helvetica")
    pdf.add_page()
    pdf.cell(0, 5, "Punkt 1")
    pdf.set_encryption(owner_password="owner")
    pdf.output(str(tmp_path / "restricted.pdf"))
    assert read_document(tmp_path / "restricted.pdf").text == "Punkt 1"


def test_pdf_without_text_layer_suggests_ocr(tmp_path: Path) -> None:
    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.rect(20, 20, 100, 150, style="F")  # stands in for a scanned page image
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(PdfError, match=r"no text layer \(2 page\(s\).*scanned.*ocrmypdf"):
        read_document(tmp_path / "scan.pdf")


# -- PDF text -------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_as_pdf_gives_the_seed_lines(tmp_path: Path, seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    pdf = make_pdf(text.split("\n"), tmp_path / f"{seed.stem}.pdf")
    doc = read_document(pdf)
    assert doc.format == "pdf"
    assert doc.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert nonempty_lines(doc.text) == nonempty_lines(text)


def test_pdf_pages_are_joined_with_a_newline(tmp_path: Path) -> None:
    pdf = make_pdf(["Side 1", "Mødedato\fSide 2", "slut"], tmp_path / "pages.pdf")
    assert read_document(pdf).text == "Side 1\nMødedato\nSide 2\nslut"


def test_pdf_suffix_is_case_insensitive(tmp_path: Path) -> None:
    pdf = make_pdf(["Punkt 1"], tmp_path / "REFERAT.PDF")
    assert read_document(pdf).format == "pdf"


@needs_corpus
def test_aarhus_pdf() -> None:
    doc = read_document(AARHUS_PDF)
    assert doc.format == "pdf"
    assert "Punkt 21" in doc.text
    assert "EMN-2025-003383" in doc.text
    assert "\r" not in doc.text
    # All 28 pages, in order: the first line of each page of the pdftotext copy (an independent
    # reader) is found after the previous one. Titles wrap differently, so compare a prefix.
    pages = [page for page in AARHUS_TXT.read_text(encoding="utf-8").split("\f") if page.strip()]
    assert len(pages) == 28
    position = 0
    for page in pages:
        first_line = next(line for line in page.split("\n") if line.strip())
        found = doc.text.find(first_line[:30], position)
        assert found >= 0, first_line
        position = found


def test_suffixes() -> None:
    assert set(SUFFIXES) == {".txt", ".md", ".markdown", ".pdf", ".json", ".html", ".htm", ".xml"}


# -- properties -----------------------------------------------------------------------------

PDF_LIKE = st.one_of(
    st.binary(max_size=2000),
    st.binary(max_size=2000).map(lambda b: b"%PDF-1.4\n" + b + b"\n%%EOF\n"),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".txt", ".md", ".pdf"]))
def test_arbitrary_bytes_raise_only_input_errors(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "doc" + suffix, data)
        try:
            doc = read_document(path)
        except InputError:
            return
        assert "\r" not in doc.text
        assert doc.text.strip()


@settings(max_examples=200, deadline=None)
@given(data=PDF_LIKE)
def test_arbitrary_pdf_like_bytes_raise_only_input_errors(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "doc.pdf", data)
        with contextlib.suppress(InputError):
            read_document(path)


_MUTATION = st.tuples(st.integers(min_value=0), st.binary(min_size=1, max_size=8))


@settings(max_examples=100, deadline=None)
@given(mutations=st.lists(_MUTATION, min_size=1, max_size=5), cut=st.integers(min_value=0))
def test_damaged_real_pdf_raises_only_input_errors(
    mutations: list[tuple[int, bytes]], cut: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = bytearray(
            make_pdf(["Mødedato", "Punkt 1: Tidsplan"], Path(folder) / "a.pdf").read_bytes()
        )
        for offset, chunk in mutations:
            start = offset % len(data)
            data[start : start + len(chunk)] = chunk
        data = data[: len(data) - cut % 64]
        path = write(Path(folder), "b.pdf", bytes(data))
        with contextlib.suppress(InputError):
            read_document(path)


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.characters(exclude_categories=["Cs"]), min_size=1))
def test_utf8_text_round_trips_with_lf_line_ends(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "doc.txt", text.encode("utf-8"))
        try:
            doc = read_document(path)
        except (EmptyDocumentError, BinaryDocumentError, EncodingError):
            return  # blank, NUL bytes or a file signature, or mostly control characters
        expected = text.replace("\r\n", "\n").replace("\r", "\n")
        if expected.startswith("\ufeff"):
            expected = expected[1:]  # its UTF-8 bytes are a byte-order mark
        assert doc.text == expected


def test_no_file_handles_leak(tmp_path: Path) -> None:
    # Reading many PDFs must not keep files open (PDFium gets bytes, documents are closed).
    pdf = make_pdf(["Punkt 1"], tmp_path / "a.pdf")
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.exists():
        pytest.skip("needs /proc/self/fd to count open files")
    before = len(os.listdir(fd_dir))
    for _ in range(50):
        read_document(pdf)
    assert len(os.listdir(fd_dir)) <= before
