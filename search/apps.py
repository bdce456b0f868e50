from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The site search: its index of what the public may read, and the search page."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "Search"

    def ready(self):
        connect_index()


def connect_index():
    """Keep the index current. A save or delete of a thing the search shows is noted, and once
    the transaction commits one job indexes again each meeting, plan or member it touched, once
    (index.reindex_changed): a meeting saved with its 15 items is indexed once, after the
    officer's request. Connected here, so that the content apps know nothing of search."""
    from django.db.models.signals import post_delete, post_save

    from changes.services import once_on_commit
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

    from . import index, tasks

    def flush(noted):
        saved = [[label, pk] for what, label, pk, *_ in noted if what == "saved"]
        deleted = [
            [label, pk, *belongs] for what, label, pk, *belongs in noted if what == "deleted"
        ]
        tasks.reindex.enqueue(saved, deleted)

    def saved(sender, instance, raw=False, **kwargs):
        # A question received, not yet decided, is nobody's business but the officers': it
        # must not even stir the index.
        if raw or (sender is Question and instance.status == Question.Status.RECEIVED):
            return
        once_on_commit("search", ("saved", sender._meta.label_lower, instance.pk), flush)

    def deleted(sender, instance, **kwargs):
        # What it belonged to is looked up now, while its parents are still there to ask.
        meeting_id, plan_id, member_ids = index.belongs_to(instance)
        note = ("deleted", sender._meta.label_lower, instance.pk, meeting_id, plan_id)
        once_on_commit("search", (*note, tuple(member_ids)), flush)

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
