from django import template

from changes.models import Change

register = template.Library()

# What each list shows, by the kinds of change that alter it.
LISTS = {
    "meetings": [
        "meeting",
        "agenda-item",
        "paper",
        "attachment",
        "minute",
        "resolution",
        "committee",
        "question",
    ],
    "members": ["member", "membership", "council"],
    # Actions are also written on their agenda item's page, and go with their meeting.
    "actions": ["action", "action-response", "agenda-item", "meeting"],
    "questions": ["question"],
    "plans": ["plan", "priority", "outcome", "commitment", "measure", "office", "office-holder"],
    "everything": None,
}


@register.inclusion_tag("changes/last_changed.html")
def last_changed(shows):
    """When what a list shows last changed, from the change log (one query)."""
    return {"at": Change.objects.last_changed(LISTS[shows])}
