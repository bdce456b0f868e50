"""The one renderer for text officers write in Markdown: reports, papers and minutes."""

import re
import threading
from html.parser import HTMLParser

import markdown as markdown_lib
import nh3
from django.utils.html import format_html
from django.utils.safestring import mark_safe

# What a report may contain: headings, paragraphs, lists, tables, emphasis and links.
ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "caption",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
# GOV.UK Frontend styles only elements with its classes; the renderer adds them, replacing any
# class the writer gave.
GOVUK_CLASSES = {
    "a": "govuk-link",
    "h2": "govuk-heading-l",
    "h3": "govuk-heading-m",
    "h4": "govuk-heading-s",
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "table": "govuk-table",
    "caption": "govuk-table__caption govuk-table__caption--m",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
    "blockquote": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--m govuk-section-break--visible",
}


_local = threading.local()


def _converter():
    """A Markdown converter of this thread's, reset for the next text. Making one (its patterns
    and extensions) took longer than converting a minute's text, and a meeting page renders
    one per agenda item."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown_lib.Markdown(extensions=["tables", "sane_lists"])
    return converter.reset()


def render_markdown(text):
    """Markdown to HTML that is safe to show: anything not on the allow list is removed."""
    html = _converter().convert(text or "")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        set_tag_attribute_values={tag: {"class": value} for tag, value in GOVUK_CLASSES.items()},
    )
    # Safe because nh3 has just removed every tag, attribute and URL scheme not allowed above, and
    # the scroll regions added after it hold only our own markup and an escaped name.
    return mark_safe(_scroll_tables(cleaned))  # noqa: S308


def _scroll_tables(html):
    """Puts each table in a region of its own that scrolls sideways, so that a table wider than a
    phone's screen does not widen the whole page (WCAG 1.4.10, reflow). The region takes keyboard
    focus, so it can be scrolled without a mouse, and has a name for screen readers."""
    if "<table" not in html:
        return html
    finder = _TableFinder(html)
    pieces, done = [], 0
    for start, end, name in finder.tables:
        pieces += [
            html[done:start],
            format_html(
                '<div class="panel-table-scroll" role="region" tabindex="0" aria-label="{}">', name
            ),
            html[start:end],
            "</div>",
        ]
        done = end
    pieces.append(html[done:])
    return "".join(pieces)


class _TableFinder(HTMLParser):
    """Where each outermost table of sanitised HTML starts and ends, read by a real HTML parser
    (so that "<table" inside an attribute is never taken for a tag), and a name for its region:
    its caption, else the heading just before it, else its column headings."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tables = []
        self._html = html
        self._line_starts = [0] + [match.end() for match in re.finditer("\n", html)]
        self._depth = 0
        self._heading = ""
        self._text = None
        self.feed(html)
        self.close()

    def _offset(self):
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self._start, self._caption, self._columns, self._rows = self._offset(), "", [], 0
        elif self._depth == 0 and tag in {"h2", "h3", "h4"}:
            self._text = []
        elif self._depth == 1 and tag == "tr":
            self._rows += 1
        elif self._depth == 1 and (tag == "caption" or (tag == "th" and self._rows == 1)):
            self._text = []

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        text = " ".join("".join(self._text or []).split())
        if tag == "table":
            self._depth -= 1
            if self._depth == 0:
                end = self._html.index(">", self._offset()) + 1
                columns = ", ".join(column for column in self._columns if column)
                name = (
                    self._caption or self._heading or (f"Table: {columns}" if columns else "Table")
                )
                self.tables.append((self._start, end, name))
                # A heading names only the first table after it: no two regions share a name.
                self._heading = ""
        elif self._text is None:
            return
        elif self._depth == 0 and tag in {"h2", "h3", "h4"}:
            self._heading, self._text = text, None
        elif self._depth == 1 and tag == "caption":
            self._caption, self._text = text, None
        elif self._depth == 1 and tag == "th":
            self._columns.append(text)
            self._text = None
