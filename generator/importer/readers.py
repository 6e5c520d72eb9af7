"""Reading a source document as text: .txt/.md (UTF-8 or GBK), .docx, text-based PDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import MinshengError
from generator.messages import msg


def require_import_extra(module: str) -> None:
    """A clear error when a reader's library is missing: it comes with ``minsheng[import]``,
    which a site that only builds does not install."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise MinshengError(msg("import.needs_extra", module=module))


class SourceError(MinshengError):
    """A source document that cannot be read as text."""


@dataclass(frozen=True)
class SourceText:
    """The text of a source document and how it was read."""

    text: str
    kind: str  # "text", "docx" or "pdf"
    encoding: str | None = None  # for plain text files


# Formats the importer cannot read: old Word and WPS documents, spreadsheets, images
# (a scan needs OCR first), OFD.
UNSUPPORTED_SUFFIXES = {".doc", ".wps", ".wpt", ".dot", ".rtf", ".et", ".xls", ".xlsx", ".ofd",
                        ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp",
                        ".heic"}  # fmt: skip


# Limits on what one source may be: a plan is tens of pages. A .docx is a zip archive, so a
# small file may inflate to gigabytes (the sizes its entries declare bound what is inflated).
MAX_SOURCE_BYTES = 50 * 1024 * 1024  # a plain-text file or a PDF on disk
MAX_DOCX_INFLATED_BYTES = 200 * 1024 * 1024  # every entry of a .docx, inflated
MAX_PDF_PAGES = 2000
MAX_SOURCE_CHARACTERS = 5_000_000  # the text read from any source


def _check_size(path: Path, size: int, limit: int, what: str) -> None:
    if size > limit:
        raise SourceError(
            f"{path}: {what} is {size:,} bytes, over the limit of {limit:,}; "
            "import the plan's own pages only"
        )


def _check_text_length(path: Path, text: str) -> str:
    if len(text) > MAX_SOURCE_CHARACTERS:
        raise SourceError(
            f"{path}: the text is {len(text):,} characters, over the limit of "
            f"{MAX_SOURCE_CHARACTERS:,}; import the plan's own pages only"
        )
    return text


def _check_docx_archive(path: Path) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(f"{path}: not a readable .docx file ({exc})") from exc
    _check_size(path, inflated, MAX_DOCX_INFLATED_BYTES, "the .docx inflated")


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Decode a plain-text document: UTF-8 (with or without BOM), else GB18030/GBK, else
    whatever charset-normalizer finds most likely. Returns the text and the encoding used."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gbk"
    except UnicodeDecodeError:
        pass
    require_import_extra("charset_normalizer")
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise SourceError("cannot tell the text encoding of the source (not UTF-8 or GBK)")
    return str(best), best.encoding


def read_docx(path: Path) -> str:
    """Paragraphs and table rows of a .docx in document order, one paragraph per line.

    Table rows become ``|``-separated lines, as tables copied from a web page often are.
    """
    require_import_extra("docx")
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_docx_archive(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types for bad files
        raise SourceError(f"{path}: not a readable .docx file ({exc})") from exc
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(element, document).text)
        elif tag == "tbl":
            for row in Table(element, document).rows:
                cells = [c.text.replace("\n", "、").strip() for c in row.cells]
                lines.append(" | ".join(cells))
    return "\n".join(lines)


def pdf_text(pdf: Any) -> str:
    """The text of an opened pdfplumber PDF, page by page."""
    pages: list[str] = []
    if len(pdf.pages) > MAX_PDF_PAGES:
        raise SourceError(f"the PDF has {len(pdf.pages)} pages, over the limit of {MAX_PDF_PAGES}")
    for page in pdf.pages:
        pages.append(page.extract_text() or "")
    return "\n".join(pages)


def read_pdf(path: Path) -> str:
    """The text layer of a PDF. A scanned PDF without text is an error (it needs OCR)."""
    import logging

    require_import_extra("pdfplumber")
    import pdfplumber

    # pdfminer logs a warning per font it cannot measure (FontBBox…): not the editor's concern.
    pdfminer = logging.getLogger("pdfminer")
    level = pdfminer.level
    pdfminer.setLevel(logging.ERROR)
    try:
        with pdfplumber.open(str(path)) as pdf:
            text = pdf_text(pdf)
    except SourceError as exc:
        raise SourceError(f"{path}: {exc}") from exc
    except Exception as exc:  # pdfminer raises many types for damaged files
        raise SourceError(f"{path}: not a readable PDF ({exc})") from exc
    finally:
        pdfminer.setLevel(level)
    if not text.strip():
        raise SourceError(
            f"{path}: the PDF has no text layer (a scan?); run OCR first and import the text"
        )
    return text


def read_source(path: Path) -> SourceText:
    """Read ``path`` by its suffix."""
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return SourceText(_check_text_length(path, read_docx(path)), "docx")
    _check_size(path, path.stat().st_size, MAX_SOURCE_BYTES, "the file")
    if suffix == ".pdf":
        return SourceText(_check_text_length(path, read_pdf(path)), "pdf")
    if suffix in UNSUPPORTED_SUFFIXES:
        raise SourceError(
            f"{path}: unsupported format ({suffix}), save as .docx/.txt (or a PDF with text)"
        )
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(
            f"{path}: unsupported format (a binary file), save as .docx/.txt (or a PDF with text)"
        )
    text, encoding = decode_bytes(raw)
    return SourceText(_check_text_length(path, text), "text", encoding)
