"""
A small tagged PDF of plain text, built by hand: the demo makes its PDF attachment with it.

No PDF library in the project lays out text, and the demo needs only a heading and paragraphs:
A4 pages, Helvetica, lines wrapped by character count. The PDF is tagged (a heading and
paragraphs in a document structure, with its language and title) so that a screen reader reads it
in order.
"""

import io
import textwrap

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4, in points
MARGIN = 72
BODY_SIZE, HEADING_SIZE = 11, 16
BODY_LEADING, HEADING_LEADING = 15, 20
# Helvetica averages about half its size per character in English text: 80 characters of 11 point
# fit the 451 points between the margins.
BODY_CHARACTERS, HEADING_CHARACTERS = 80, 52


def pdf_string(text):
    """A PDF literal string of `text` in the fonts' WinAnsi encoding."""
    data = text.encode("cp1252", errors="replace")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def text_string(text):
    """A PDF text string (for the title and language), in UTF-16 so any character fits."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def text_pdf(title, heading, paragraphs, language="en-GB"):
    """The bytes of a PDF that shows `heading` then each of `paragraphs`, wrapped onto pages."""
    blocks = [("H1", HEADING_SIZE, HEADING_LEADING, heading, HEADING_CHARACTERS)] + [
        ("P", BODY_SIZE, BODY_LEADING, paragraph, BODY_CHARACTERS) for paragraph in paragraphs
    ]
    # Lay out: each page is a list of (block index, font size, leading, lines) pieces.
    pages, page, y = [], [], PAGE_HEIGHT - MARGIN
    for index, (_, size, leading, text, width) in enumerate(blocks):
        lines = textwrap.wrap(" ".join(text.split()), width) or [""]
        while lines:
            room = int((y - MARGIN) // leading)
            if room < 1:
                pages.append(page)
                page, y = [], PAGE_HEIGHT - MARGIN
                continue
            piece, lines = lines[:room], lines[room:]
            page.append((index, size, leading, piece, y))
            y -= leading * len(piece) + leading // 2
    pages.append(page)

    # Object numbers: 1 catalog, 2 page tree, 3 structure root, 4 document element, 5 parent tree,
    # 6 and 7 fonts, 8 information; then a structure element per block, then each page and its
    # content stream.
    first_element = 9
    first_page = first_element + len(blocks)
    page_number = [first_page + 2 * number for number in range(len(pages))]
    objects = {}
    marks = {index: [] for index in range(len(blocks))}
    parent_tree = []
    for number, pieces in enumerate(pages):
        content = io.BytesIO()
        for mcid, (index, size, leading, lines, top) in enumerate(pieces):
            tag, font = blocks[index][0], "F2" if blocks[index][0] == "H1" else "F1"
            content.write(
                b"/%s <</MCID %d>> BDC BT /%s %d Tf %d TL "
                % (tag.encode(), mcid, font.encode(), size, leading)
            )
            content.write(b"%d %d Td " % (MARGIN, top - size))
            content.write(b" T* ".join(pdf_string(line) + b" Tj" for line in lines))
            content.write(b" ET EMC\n")
            marks[index].append(
                b"<< /Type /MCR /Pg %d 0 R /MCID %d >>" % (page_number[number], mcid)
            )
        parent_tree.append(
            b"%d [%s]"
            % (number, b" ".join(b"%d 0 R" % (first_element + index) for index, *_ in pieces))
        )
        stream = content.getvalue()
        objects[page_number[number]] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 6 0 R /F2 7 0 R >> >> /StructParents %d /Tabs /S >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, page_number[number] + 1, number)
        )
        objects[page_number[number] + 1] = (
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
        )
    for index, (tag, *_) in enumerate(blocks):
        objects[first_element + index] = b"<< /Type /StructElem /S /%s /P 4 0 R /K [%s] >>" % (
            tag.encode(),
            b" ".join(marks[index]),
        )
    objects[1] = (
        b"<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 3 0 R /MarkInfo << /Marked true >> "
        b"/Lang " + text_string(language) + b" /ViewerPreferences << /DisplayDocTitle true >> >>"
    )
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % number for number in page_number),
        len(pages),
    )
    objects[3] = (
        b"<< /Type /StructTreeRoot /K [4 0 R] /ParentTree 5 0 R /ParentTreeNextKey %d >>"
        % len(pages)
    )
    objects[4] = b"<< /Type /StructElem /S /Document /P 3 0 R /K [%s] >>" % b" ".join(
        b"%d 0 R" % (first_element + index) for index in range(len(blocks))
    )
    objects[5] = b"<< /Nums [%s] >>" % b" ".join(parent_tree)
    for number, name in [(6, b"Helvetica"), (7, b"Helvetica-Bold")]:
        objects[number] = (
            b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>" % name
        )
    objects[8] = b"<< /Title " + text_string(title) + b" >>"

    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for number in sorted(objects):
        out.write(b"%010d 00000 n \n" % offsets[number])
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info 8 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()
