"""The one renderer for text officers write in Markdown: reports, papers and minutes."""

import threading

import markdown as markdown_lib
import nh3
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
    # Safe because nh3 has just removed every tag, attribute and URL scheme not allowed above.
    return mark_safe(cleaned)  # noqa: S308
