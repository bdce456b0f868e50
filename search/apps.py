from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The site search: its index of what the public may read, and the search page."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "Search"

    def ready(self):
        connect_index()


def connect_index():
    """Keep the index current: a saved or deleted public thing is indexed again, with what it
    holds, once the change is committed (see index.py). Connected here, so that the content apps
    know nothing of search. This app comes before panel_site in INSTALLED_APPS: these receivers
    then run before the page cache's, so a kept search page is forgotten after the index has
    caught up."""
    from django.db.models.signals import post_delete, post_save

    from complaints.models import Question
    from meetings.models import (
        Action,
        ActionResponse,
        AgendaItem,
        Attachment,
        Council,
        Meeting,
        Member,
        Membership,
        Minute,
        Paper,
        Resolution,
    )
    from plans.models import Commitment, Outcome, Plan, Priority

    from . import index

    def saved(sender, instance, raw=False, **kwargs):
        if not raw:
            index.index_object(instance)

    def deleted(sender, instance, **kwargs):
        index.remove_object(instance)
        index.index_object(instance)

    for model in (
        Meeting,
        AgendaItem,
        Paper,
        Attachment,
        Minute,
        Resolution,
        Action,
        ActionResponse,
        Question,
        Plan,
        Priority,
        Outcome,
        Commitment,
        Member,
        Membership,
        Council,
    ):
        uid = f"search-{model._meta.label_lower}"
        post_save.connect(saved, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(deleted, sender=model, dispatch_uid=uid, weak=False)
