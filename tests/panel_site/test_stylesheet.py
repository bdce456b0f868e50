"""The compiled stylesheet (npm run build, part of `make setup`) styles what the templates use.

static/scss/main.scss builds only the GOV.UK Frontend components the site uses, and only the
top and bottom margin overrides: a class added to a template from a part left out would go
unstyled without a word, so this test names it.
"""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CSS = ROOT / "static" / "build" / "main.css"
CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
CLASS = re.compile(r"govuk-[a-z0-9!_-]*[a-z0-9]")
# Classes GOV.UK Frontend gives no rule of their own: hooks for its JavaScript, the default
# colour of a tag, and element names its markup carries; and the start of the date input's
# width class, which the template completes.
UNSTYLED = {
    "govuk-checkboxes",
    "govuk-radios",
    "govuk-input--width",
    "govuk-js-service-navigation-toggle",
    "govuk-pagination__item--ellipses",
    "govuk-table__body",
    "govuk-table__caption--s",
    "govuk-table__head",
    "govuk-table__row",
    "govuk-tag--blue",
    "govuk-tag--light-blue",
    "govuk-template__footer",
    "govuk-template__header",
}


def used_classes():
    folders = ["templates", "meetings", "plans", "complaints", "panel_site"]
    files = [
        path
        for folder in folders
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".html", ".py"} and "migrations" not in path.parts
    ]
    attributes = [value for path in files for value in CLASS_ATTRIBUTE.findall(path.read_text())]
    return {name for value in attributes for name in CLASS.findall(value)}


def test_every_govuk_class_the_templates_use_has_a_rule():
    css = CSS.read_text()
    used = used_classes()
    assert {"govuk-button", "govuk-pagination", "govuk-!-margin-bottom-6"} <= used

    def has_rule(name):
        # The whole class name: not "govuk-table__head" inside "govuk-table__header".
        return re.search(re.escape("." + name.replace("!", "\\!")) + r"(?![\w-])", css)

    unstyled = {name for name in used if not has_rule(name)}

    assert unstyled == UNSTYLED


def test_the_parts_of_govuk_frontend_left_out_are_not_in_the_stylesheet():
    css = CSS.read_text()
    for left_out in ["govuk-accordion", "govuk-tabs", "govuk-\\!-padding-", "govuk-\\!-static-"]:
        assert "." + left_out not in css
