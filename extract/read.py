"""Turn a file on disk into decoded text: plain text, markdown, PDF or JSON.

This is the first step of the pipeline. It knows nothing about meetings; it only makes sure that
what the parser sees is the document's text, with ``\\n`` line ends, form feeds kept as page
breaks, and the same number of lines as the file (line numbers are provenance). Anything that is
not a readable document raises a :class:`core.errors.InputError` subclass whose message names
the file and says what to do.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from core.errors import (
    BinaryDocumentError,
    EmptyDocumentError,
    EncodingError,
    InputError,
    PdfError,
    UnsupportedFileError,
)

#: The file suffixes casegraph reads (compared case-insensitively).
SUFFIXES: tuple[str, ...] = (
    ".txt", ".md", ".markdown", ".pdf", ".json", ".html", ".htm", ".xml",
)  # fmt: skip

FORMATS: tuple[str, ...] = ("text", "markdown", "pdf", "json", "html", "xml")

_MARKDOWN_SUFFIXES = (".md", ".markdown")
#: The formats of the other suffixes read as text (JSON, web pages, XML).
_TEXT_SUFFIX_FORMATS = {".json": "json", ".html": "html", ".htm": "html", ".xml": "xml"}
_SUPPORTED = "casegraph reads .txt, .md, .markdown, .pdf, .json, .html, .htm and .xml files"
_SAVE_AS_UTF8 = "Open it in an editor and save it as UTF-8 text"

# Magic numbers of files people save next to their minutes by mistake. A .txt that starts like
# one of these is not text, whatever its name says.
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF", "Rename it to .pdf"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "Run OCR on it first, or use the document's text"),
    (b"\xff\xd8\xff", "a JPEG image", "Run OCR on it first, or use the document's text"),
    (b"GIF87a", "a GIF image", "Use the document's text or PDF instead"),
    (b"GIF89a", "a GIF image", "Use the document's text or PDF instead"),
    (b"II*\x00", "a TIFF image", "Run OCR on it first (e.g. ocrmypdf), then read the PDF"),
    (b"MM\x00*", "a TIFF image", "Run OCR on it first (e.g. ocrmypdf), then read the PDF"),
    (
        b"PK\x03\x04",
        "a ZIP archive (a Word .docx or Excel .xlsx file is one)",
        "Unpack it, or save the document as PDF or text",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Microsoft Office file (.doc/.xls)",
        "Save the document as PDF or text",
    ),
    (b"{\\rtf", "an RTF document", "Save the document as PDF or plain text"),
    (b"\x1f\x8b", "a gzip archive", "Unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "Unpack it first"),
    (b"Rar!\x1a\x07", "a RAR archive", "Unpack it first"),
    (b"\x7fELF", "a program (ELF executable)", _SUPPORTED),
)

_HTML_START = re.compile(rb"^\s*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)

# A UTF-8 lead byte with the right number of continuation bytes. Used only to tell "UTF-8 with a
# few broken bytes" (an error worth reporting) from cp1252 (a legacy encoding worth decoding).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")

# C0 and C1 control characters other than tab, line feed, carriage return and form feed (page
# break). Real minutes have next to none; a file that decodes to mostly these is not text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_FRACTION = 0.3

# An ATX heading ("# Punkt 1") or a line that starts in bold ("**Mødedato** Onsdag ...").
_MARKDOWN_LINE = re.compile(r"^(?:#{1,6}[ \t]+\S|\*\*[^*\n]+\*\*)", re.MULTILINE)
_MIN_MARKDOWN_LINES = 3

_NEWLINE = re.compile(r"\r\n?")
_BYTES_NEWLINE = re.compile(rb"\r\n|\r|\n")

# PDFium reports a hyphen at the end of a line that it joined with the next line as U+0002.
_PDF_HYPHEN = "\x02"
_KEY_CHARACTER = re.compile(r"[0-9A-ZÆØÅ]")


@dataclass(frozen=True)
class RawDocument:
    """A file's decoded text, before any parsing.

    Attributes
    ----------
    path : str
        The path as it was given (not resolved), for messages and provenance.
    sha256 : str
        Hex digest of the raw file bytes: the document's identity.
    text : str
        The decoded text with ``\\n`` line ends; form feeds mark page breaks.
    format : str
        ``"text"``, ``"markdown"``, ``"pdf"``, ``"json"`` (a meeting exported as JSON, kept as
        its text so that line numbers stay provenance), ``"html"`` (a web page) or ``"xml"``.

    Examples
    --------
    >>> RawDocument("a.txt", "0" * 64, "Punkt 1\\n", "text").format
    'text'
    """

    path: str
    sha256: str
    text: str
    format: str

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, not {self.format!r}")


def read_document(path: str | Path) -> RawDocument:
    """Read a text, markdown, PDF, JSON, web page or XML file into a :class:`RawDocument`.

    Text is decoded as UTF-8 (with or without a byte-order mark, or UTF-16 with one) and
    otherwise as cp1252, the Windows encoding older Danish files use; latin-1 is the last resort.
    CRLF and lone CR line ends become LF, so the number of lines does not change. A ``.txt`` whose
    lines are markdown headings is reported as ``"markdown"``. A PDF's pages are joined with
    ``\\n``. A ``.json`` file is decoded like text and must be valid JSON; whether it is a
    meeting is for the parser to say.

    Parameters
    ----------
    path : str or Path
        The file to read.

    Returns
    -------
    RawDocument

    Raises
    ------
    InputError
        The path does not exist, is a folder or cannot be read.
    UnsupportedFileError
        The suffix is not one of :data:`SUFFIXES`.
    EmptyDocumentError
        The file is empty or holds only white space.
    BinaryDocumentError
        The file is binary (NUL bytes, or an image/archive/Office signature).
    EncodingError
        The text cannot be decoded sensibly.
    PdfError
        The PDF is not a PDF, damaged or truncated, encrypted, or has no text layer.
    InputError
        A ``.json`` file is not valid JSON (the message gives the line and column).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "referat.txt").write_bytes("Mødedato 3. juni 2020\\r\\n".encode("cp1252"))
    >>> doc = read_document(folder / "referat.txt")
    >>> doc.text, doc.format
    ('Mødedato 3. juni 2020\\n', 'text')
    """
    file = Path(path)
    name = str(path)
    data = _file_bytes(file, name)
    digest = hashlib.sha256(data).hexdigest()
    suffix = file.suffix.lower()
    if suffix == ".pdf":
        return RawDocument(name, digest, _read_pdf(data, name), "pdf")
    text = _decode_text(data, name)
    if not text.strip():
        raise EmptyDocumentError(
            name, "the file holds only white space", "Check that it was saved completely"
        )
    if suffix == ".json":
        load_json(text, name)
    return RawDocument(name, digest, text, _text_format(suffix, text))


def _file_bytes(file: Path, name: str) -> bytes:
    """The bytes of a regular file casegraph reads (by its suffix), not empty.

    Raises the errors :func:`read_document` lists for a path, a suffix or an empty file.
    """
    try:
        mode = file.stat().st_mode
    except OSError as exc:
        raise path_error(file, exc) from exc
    if stat.S_ISDIR(mode):
        raise InputError(
            name,
            "is a folder, not a file",
            "Pass a file; folders are expanded by extract.paths.scan_paths",
        )
    if not stat.S_ISREG(mode):
        # Reading a named pipe waits forever, a device may never end.
        raise InputError(
            name,
            "is not a regular file (a device, named pipe or socket)",
            "Save the minutes as a file and read that",
        )
    suffix = file.suffix.lower()
    if suffix not in SUFFIXES:
        shown = suffix or "no suffix"
        raise UnsupportedFileError(
            name, f"unsupported file type ({shown})", f"{_SUPPORTED}; save it as one of those"
        )
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(
            name, f"cannot be read ({exc.strerror or exc})", "Check that you may read the file"
        ) from exc
    if not data.strip():
        size = "0 bytes" if not data else "only white space"
        raise EmptyDocumentError(
            name, f"the file is empty ({size})", "Check that it was saved or downloaded completely"
        )
    return data


def _text_format(suffix: str, text: str) -> str:
    """The format of a decoded file by its suffix; a ``.txt`` written in markdown is markdown.

    >>> _text_format(".htm", "<p>"), _text_format(".txt", "# A\\n**B** c\\n# Punkt 1")
    ('html', 'markdown')
    """
    if suffix in _TEXT_SUFFIX_FORMATS:
        return _TEXT_SUFFIX_FORMATS[suffix]
    if suffix in _MARKDOWN_SUFFIXES or looks_like_markdown(text):
        return "markdown"
    return "text"


def load_json(text: str, name: str) -> Any:
    """Decode JSON text; invalid JSON is an :class:`InputError` naming line and column.

    Examples
    --------
    >>> load_json('{"Moede": {}}', "m.json")
    {'Moede': {}}
    >>> load_json('{"Moede": }', "m.json")
    Traceback (most recent call last):
    ...
    core.errors.InputError: m.json: is not valid JSON: Expecting value at line 1, \
column 11. Check that the download is complete, or export the meeting again
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            name,
            f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            "Check that the download is complete, or export the meeting again",
        ) from exc
    except (ValueError, RecursionError) as exc:
        # Valid JSON Python will not read: nesting deeper than its recursion limit, or an
        # integer longer than its 4300-digit limit. No meeting export looks like this.
        raise InputError(
            name, f"cannot be read as JSON ({exc})", "Export the meeting again"
        ) from exc


def looks_like_markdown(text: str) -> bool:
    """Whether plain text is clearly markdown: at least three heading or bold-start lines.

    Examples
    --------
    >>> looks_like_markdown("# **REFERAT**\\n**Mødedato** 3. juni\\n# Punkt 1: Tidsplan\\n")
    True
    >>> looks_like_markdown("REFERAT\\nMødedato 3. juni\\nPunkt 1: Tidsplan\\n")
    False
    """
    return len(_MARKDOWN_LINE.findall(text)) >= _MIN_MARKDOWN_LINES


# -- what is not read, and paths that cannot be used ---------------------------------------


#: Files that sit beside minutes in a folder but are not minutes: a README, a licence, a
#: change log (by name, whatever the case and suffix).
NOT_MINUTES: frozenset[str] = frozenset({"readme", "license", "licence", "changelog"})


def skip_reason(file_name: str) -> str | None:
    """Why a file found in a folder is not read (None: it is read; hidden files are skipped
    without a word).

    >>> skip_reason("README.md"), skip_reason("notes.docx"), skip_reason("referat.pdf")
    ('not minutes (a README)', 'not a kind of file casegraph reads (.docx)', None)
    """
    path = Path(file_name)
    if path.stem.lower() in NOT_MINUTES:
        return f"not minutes (a {path.stem.upper()})"
    if path.suffix.lower() not in SUFFIXES:
        return f"not a kind of file casegraph reads ({path.suffix.lower() or 'no suffix'})"
    return None


def nothing_to_read(folder: str, skipped: list[tuple[str, str]]) -> InputError:
    """The error for a folder that holds no minutes, naming what was skipped in it.

    >>> error = nothing_to_read("in", [("in/README.md", "not minutes (a README)"),
    ...                                ("in/sub/a.docx", "not a kind of file casegraph reads")])
    >>> print(str(error).replace(". ", ".\\n"))
    in: no minutes to read; skipped README.md (not minutes), sub/a.docx.
    casegraph reads .txt, .md, .markdown, .pdf, .json, .html, .htm and .xml files
    """
    names = []
    for path, why in skipped[:5]:
        name = (
            Path(path).relative_to(folder).as_posix() if Path(path).is_relative_to(folder) else path
        )
        names.append(f"{name} (not minutes)" if why.startswith("not minutes") else name)
    if len(skipped) > 5:
        names.append(f"and {len(skipped) - 5} more")
    reason = "no minutes to read" + ("; skipped " + ", ".join(names) if names else "")
    return InputError(folder, reason, _SUPPORTED)


def path_error(path: Path, exc: OSError, *, kind: str = "file") -> InputError:
    """The :class:`InputError` for a path that cannot be looked at (its ``stat`` failed).

    ``kind`` names what was expected there (``"file"``, ``"file or folder"``).

    >>> path_error(Path("x.txt"), FileNotFoundError(errno.ENOENT, "No such file")).reason
    'no such file'
    """
    name = str(path)
    if exc.errno == errno.ELOOP:
        return InputError(
            name,
            "is a symbolic link loop (the link points, in the end, back to itself)",
            "Remove the link or point it at the minutes",
        )
    if exc.errno == errno.ENOENT and path.is_symlink():
        return InputError(
            name,
            f"is a broken symbolic link (to {os.readlink(path)}, which does not exist)",
            "Remove the link or point it at the minutes",
        )
    if exc.errno == errno.ENOENT:
        return InputError(name, f"no such {kind}", "Check the path and the current folder")
    return InputError(
        name, f"cannot be looked at ({exc.strerror or exc})", "Check the path and its permissions"
    )


# -- text ---------------------------------------------------------------------------------


def _decode_text(data: bytes, name: str) -> str:
    _reject_binary(data, name)
    if data.startswith(codecs.BOM_UTF8):
        text = _decode_strict(data[len(codecs.BOM_UTF8) :], "utf-8", name, "UTF-8")
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        text = _decode_strict(data, "utf-32", name, "UTF-32")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Notepad's "Unicode" is UTF-16 with a byte-order mark; it is text despite its NUL bytes.
        text = _decode_strict(data, "utf-16", name, "UTF-16")
    else:
        if b"\x00" in data:
            raise BinaryDocumentError(
                name,
                "the file contains NUL bytes, so it is binary, not text",
                f"{_SUPPORTED}; export the document as one of those",
            )
        text = _decode_legacy(data, name)
    _reject_control_characters(text, name)
    return _NEWLINE.sub("\n", text)


def _reject_binary(data: bytes, name: str) -> None:
    for magic, what, hint in _SIGNATURES:
        if data.startswith(magic):
            raise BinaryDocumentError(name, f"the file is {what}, not text", hint)


def _decode_strict(data: bytes, codec: str, name: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise EncodingError(
            name,
            f"starts with a {label} byte-order mark but is not valid {label} "
            f"(byte offset {exc.start})",
            _SAVE_AS_UTF8,
        ) from exc


def _decode_legacy(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _mostly_utf8(data):
        # Decoding it as cp1252 would turn every correct "ø" into "Ã¸"; better to say where.
        line = len(_BYTES_NEWLINE.split(data[: utf8_error.start]))
        raise EncodingError(
            name,
            f"is UTF-8 but has invalid bytes on line {line} (byte offset {utf8_error.start}); "
            "it may be truncated or mix two encodings",
            _SAVE_AS_UTF8,
        ) from utf8_error
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Only the five bytes cp1252 leaves undefined get here; latin-1 decodes anything, and
        # the control-character check below catches what it turns into nonsense.
        return data.decode("latin-1")


def _mostly_utf8(data: bytes) -> bool:
    sequences = _UTF8_SEQUENCE.findall(data)
    stray = len(_HIGH_BYTE.findall(data)) - sum(len(s) for s in sequences)
    return len(sequences) > stray


def _reject_control_characters(text: str, name: str) -> None:
    controls = len(_CONTROL.findall(text))
    if controls and controls > _MAX_CONTROL_FRACTION * len(text.strip()):
        raise EncodingError(
            name,
            f"decodes to mostly control characters ({controls} of {len(text)}), so it is not text "
            "in an encoding casegraph knows (UTF-8, cp1252)",
            _SAVE_AS_UTF8,
        )


# -- PDF ----------------------------------------------------------------------------------


def _read_pdf(data: bytes, name: str) -> str:
    _check_pdf_bytes(data, name)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _pdf_open_error(exc, name) from exc
    try:
        pages = _page_texts(document, name)
    finally:
        document.close()
    if not any(page.strip() for page in pages):
        raise PdfError(
            name,
            f"the PDF has no text layer ({len(pages)} page(s) without text; probably scanned)",
            "Run OCR on it first, e.g. `ocrmypdf in.pdf out.pdf`, and read the result",
        )
    return "\n".join(_clean_pdf_text(page) for page in pages)


def _check_pdf_bytes(data: bytes, name: str) -> None:
    # The PDF header may be preceded by junk, but within the first kilobyte (as Acrobat allows).
    if b"%PDF-" not in data[:1024]:
        raise PdfError(name, f"the file is not a PDF ({_what_instead(data)})", _not_pdf_hint(data))
    # PDFium happily rebuilds a PDF cut off at 90% and returns the pages it finds; a download that
    # stopped early must be an error, not a document with items missing.
    if b"%%EOF" not in data[-1024:]:
        raise PdfError(
            name,
            "the PDF is damaged or truncated (it does not end with %%EOF)",
            "Download it again",
        )


def _what_instead(data: bytes) -> str:
    for magic, what, _hint in _SIGNATURES:
        if data.startswith(magic):
            return f"it is {what}"
    if _HTML_START.match(data[:1024]):
        return "it is a web page, perhaps an error page saved instead of the PDF"
    if b"\x00" not in data[:4096]:
        return "it looks like text"
    return "it has no %PDF- header"


def _not_pdf_hint(data: bytes) -> str:
    if _HTML_START.match(data[:1024]):
        return "Download the PDF again"
    if b"\x00" not in data[:4096] and not any(data.startswith(m) for m, _, _ in _SIGNATURES):
        return "If it is text, rename it to .txt"
    return "Download the PDF again, or give casegraph the document as PDF or text"


def _pdf_open_error(exc: pdfium.PdfiumError, name: str) -> PdfError:
    if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
        return PdfError(
            name,
            "the PDF is encrypted (it needs a password to open)",
            "Save an unprotected copy, e.g. `qpdf --decrypt --password=... in.pdf out.pdf`",
        )
    if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
        return PdfError(
            name,
            "the PDF is encrypted with a scheme PDFium does not support",
            "Save an unprotected copy, e.g. with `qpdf --decrypt`",
        )
    return PdfError(name, "the PDF is damaged or truncated", "Download it again")


def _page_texts(document: pdfium.PdfDocument, name: str) -> list[str]:
    texts = []
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    texts.append(textpage.get_text_bounded())
                finally:
                    textpage.close()
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise PdfError(
            name, f"the PDF is damaged: page {len(texts) + 1} cannot be read", "Download it again"
        ) from exc
    return texts


def _clean_pdf_text(text: str) -> str:
    r"""PDFium's page text with LF line ends and its hyphen marker resolved.

    PDFium ends lines with CRLF and marks a line-end hyphen it joined with U+0002. Inside a word
    it is a hyphenation point and goes ("budget\x02lægges" -> "budgetlægges", as pdftotext
    does); next to a digit or capital it belongs to a name or number and stays a hyphen.

    >>> _clean_pdf_text("budget\x02lægges\r\nEMN\x022025-1 Hans\x02Henrik\r\n")
    'budgetlægges\nEMN-2025-1 Hans-Henrik\n'
    """
    if _PDF_HYPHEN in text:
        text = re.sub(
            r".?\x02.?",
            lambda m: m[0].replace(_PDF_HYPHEN, "-" if _KEY_CHARACTER.search(m[0]) else ""),
            text,
        )
    return _NEWLINE.sub("\n", text.replace("\x00", ""))
