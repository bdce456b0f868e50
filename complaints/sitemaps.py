"""What the sitemap needs from questions and complaints: only when the published questions page
last changed. Complaints are never listed, nor a question's status page (its link is a secret
sent to the asker)."""

from django.db.models import Max

from complaints.models import Question


def questions_changed():
    """When a question shown with its answer on /questions/ was last saved."""
    return Question.objects.published().aggregate(saved=Max("updated_at"))["saved"]
