"""The words of an attached document, for the site search."""

import html
import io
import logging
import re
import zipfile

logger = logging.getLogger(__name__)

# A document's words beyond this are left out.
TEXT_MAX_CHARS = 200_000
# A DOCX whose text unpacks to more than this is not read (it may be a zip bomb).
DOCX_XML_MAX_BYTES = 50_000_000
DOCX_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def document_text(file, pk=None):
    """The words of a PDF or DOCX file, or "" when it has none or cannot be read; None when the
    file could not be opened (storage unreachable, say), to be tried again next time."""
    name = file.name.lower()
    try:
        with file.open("rb") as handle:
            data = handle.read()
    except OSError:
        logger.warning("Could not open attachment %s: it is read again next time", pk)
        return None
    try:
        if name.endswith(".pdf"):
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            text = "\n".join(page.extract_text() or "" for page in reader.pages)
        elif name.endswith(".docx"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if archive.getinfo("word/document.xml").file_size > DOCX_XML_MAX_BYTES:
                    raise ValueError("document.xml too large")
                xml = archive.read("word/document.xml").decode("utf-8", "replace")
            # The words are in <w:t> runs, paragraphs end at </w:p>. Read as text, not parsed as
            # XML, so that a hostile upload cannot expand entities.
            paragraphs = xml.split("</w:p>")
            text = "\n".join(
                html.unescape("".join(DOCX_TEXT.findall(paragraph))) for paragraph in paragraphs
            )
        else:
            return ""
    except Exception:  # noqa: BLE001 - a broken upload must never stop its paper being indexed
        # The attachment's id only: its name or words could hold personal data.
        logger.warning("Could not read the text of attachment %s", pk)
        return ""
    return text[:TEXT_MAX_CHARS].replace("\x00", "")
