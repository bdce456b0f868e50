from django import template

register = template.Library()


@register.filter
def paragraphs(text):
    """Split officer-entered text into paragraphs at blank lines, for <p class="govuk-body">."""
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
