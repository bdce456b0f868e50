from django import forms
from django.core import signing
from django.utils.formats import date_format

IMPORT_SALT = "plans.import-readings"
# How long a preview stays good for confirming: long enough to check it, short enough to be fresh.
IMPORT_MAX_AGE = 60 * 60


class ReadingsUploadForm(forms.Form):
    """The file of measure readings an officer uploads for a preview."""

    file = forms.FileField(
        label="CSV file",
        # An empty file is reported with the file's other problems, not as a missing one.
        allow_empty_file=True,
        help_text="Columns: measure, area, period, period_end, value. At most 1 MB.",
    )


class ReadingsConfirmForm(forms.Form):
    """The previewed file, signed so that it comes back exactly as it was checked."""

    data = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    @staticmethod
    def sign(text, user):
        return signing.dumps(text, salt=f"{IMPORT_SALT}:{user.pk}", compress=True)

    def clean_data(self):
        try:
            return signing.loads(
                self.cleaned_data["data"],
                salt=f"{IMPORT_SALT}:{self.user.pk}",
                max_age=IMPORT_MAX_AGE,
            )
        except signing.SignatureExpired:
            raise forms.ValidationError("The preview has expired. Upload the file again.") from None
        except signing.BadSignature:
            raise forms.ValidationError(
                "The preview could not be read. Upload the file again."
            ) from None


class ComparePlansForm(forms.Form):
    """Two plans to compare, chosen by slug from plans already loaded: published ones, and for
    officers drafts too, so that a new version can be checked against the one it replaces."""

    def __init__(self, data, *, plans):
        super().__init__(data)
        choices = [("", "Choose a plan")] + [
            (
                plan.slug,
                f"{plan.title} ({plan.period}), "
                + (date_format(plan.published_on, "j F Y") if plan.published_on else "draft"),
            )
            for plan in plans
        ]
        self.fields["from"] = forms.ChoiceField(label="Earlier version", choices=choices)
        self.fields["to"] = forms.ChoiceField(label="Later version", choices=choices)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from") and cleaned.get("from") == cleaned.get("to"):
            self.add_error("to", "Choose a different plan from the earlier version.")
        return cleaned
