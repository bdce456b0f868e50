import datetime
import re
from copy import copy

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    HTML,
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Fieldset,
    Layout,
    Size,
)
from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone

from complaints.models import (
    EVIDENCE_MAX_BYTES,
    EVIDENCE_MAX_FILES,
    LATE_AFTER_DAYS,
    QUESTION_MAX_WORDS,
    Question,
    StageChange,
    complainable_holders,
    count_words,
    evidence_file_type,
    meetings_open_for_questions,
    normalise_postcode,
)
from meetings.models import Meeting
from plans.models import OfficeHolder

YES_NO = [Choice("yes", "Yes"), Choice("no", "No")]
INDIVIDUAL_CASE_HELP = (
    "The panel cannot answer questions about an individual case. To report a crime, call 101, or "
    "999 in an emergency. To complain about a police officer, contact South Yorkshire Police's "
    "Professional Standards Department. To complain about the Mayor or their deputy, use the "
    "panel's complaints page."
)


def deadline_text(deadline):
    return f"Questions close at 23:59 on {timezone.localtime(deadline):%A %-d %B %Y}"


class MeetingChoiceField(forms.ChoiceField):
    """The meeting, as radios of the meetings open now; `clean_meeting` turns the choice into a
    meeting and explains a closed or unknown one."""

    def validate(self, value):
        if value in self.empty_values:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class QuestionForm(forms.Form):
    """A question for a panel meeting, with the panel's rules checked (docs/design.md §4)."""

    meeting = MeetingChoiceField(
        label="Which meeting is your question for?",
        error_messages={"required": "Choose the meeting your question is for"},
    )
    addressed_to = forms.ChoiceField(
        label="Who is your question for?",
        choices=[
            Choice(
                Question.AddressedTo.PANEL,
                "The Police and Crime Panel",
                hint="The councillors and independent members who scrutinise the Mayor.",
            ),
            Choice(
                Question.AddressedTo.OFFICE_HOLDER,
                "The Mayor, as police and crime commissioner",
                hint="Or their Deputy Mayor for Policing and Crime.",
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who your question is for"},
    )
    text = forms.CharField(
        label="Your question",
        help_text=f"Use no more than {QUESTION_MAX_WORDS} words. Do not name or describe other "
        "people.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "true"}),
        error_messages={
            "required": "Enter your question",
            "max_length": f"Your question must be {QUESTION_MAX_WORDS} words or fewer",
        },
    )
    individual_case = forms.ChoiceField(
        label="Is your question about an individual case?",
        help_text="For example, a crime you reported, or how the police dealt with you or someone "
        "you know.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether your question is about an individual case"},
    )
    asker_name = forms.CharField(
        label="Full name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your full name",
            "max_length": "Your name must be 200 characters or fewer",
        },
    )
    # A TextInput shown as type="email": crispy-forms-gds gives only TextInput its red error border.
    email = forms.EmailField(
        label="Email address",
        help_text="We will send you a reference and the answer. We never publish it.",
        max_length=254,
        widget=forms.TextInput(
            attrs={"input_type": "email", "autocomplete": "email", "spellcheck": "false"}
        ),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Your email address must be 254 characters or fewer",
        },
    )
    postcode = forms.CharField(
        label="Postcode",
        help_text="Of where you live, work or study. We never publish it.",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your postcode",
            "max_length": "Enter a real postcode, like S60 2TH",
        },
    )
    declares_local = forms.BooleanField(
        label="I live, work or study in South Yorkshire",
        error_messages={
            "required": "Confirm that you live, work or study in South Yorkshire, or you cannot "
            "ask a question"
        },
    )
    consents_to_name = forms.ChoiceField(
        label="Can we publish your name with your question?",
        help_text='If you say no, your question is shown as from "a member of the public".',
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether we can publish your name"},
    )
    # A trap for automated posting: people never see this field; scripts fill in everything.
    website = forms.CharField(
        label="Leave this blank",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()
        self.open_meetings = meetings_open_for_questions(self.now)
        self.fields["meeting"].choices = [
            Choice(
                str(meeting.pk),
                f"{meeting.committee.name}, {timezone.localtime(meeting.start):%A %-d %B %Y}",
                hint=deadline_text(meeting.question_deadline),
            )
            for meeting in self.open_meetings
        ]
        self.fields["meeting"].widget = forms.RadioSelect(choices=self.fields["meeting"].choices)
        # The template holds the <form> and its buttons: they differ between the two steps.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("meeting", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.radios("addressed_to", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea(
                "text", label_size=Size.MEDIUM, label_tag="h2", max_words=QUESTION_MAX_WORDS
            ),
            Field.radios("individual_case", legend_size=Size.MEDIUM, legend_tag="h2", inline=True),
            Fieldset(
                Field.text("asker_name", field_width=20),
                Field.text("email", field_width=20),
                Field.text("postcode", field_width=10),
                Field.checkbox("declares_local"),
                legend="About you",
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            Field.radios("consents_to_name", legend_size=Size.MEDIUM, legend_tag="h2", inline=True),
            HTML('<div class="govuk-visually-hidden">'),
            Field.text("website"),
            HTML("</div>"),
        )

    def clean_meeting(self):
        value = self.cleaned_data["meeting"]
        for meeting in self.open_meetings:
            if str(meeting.pk) == value:
                return meeting
        # An id of a few digits at most: Python will not even read one of thousands of digits.
        is_id = value.isascii() and value.isdigit() and len(value) <= 18
        closed = Meeting.objects.published().filter(pk=value).first() if is_id else None
        if closed is not None:
            raise forms.ValidationError(
                f"Questions for the meeting on {timezone.localtime(closed.start):%-d %B %Y} have "
                "closed. Choose a meeting that is still open"
            )
        raise forms.ValidationError("Choose a meeting from the list")

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        words = count_words(text)
        if words > QUESTION_MAX_WORDS:
            raise forms.ValidationError(
                f"Your question must be {QUESTION_MAX_WORDS} words or fewer: it has {words}"
            )
        return text

    def clean_individual_case(self):
        if self.cleaned_data["individual_case"] == "yes":
            raise forms.ValidationError(INDIVIDUAL_CASE_HELP)
        return False

    def clean_asker_name(self):
        name = " ".join(self.cleaned_data["asker_name"].split())
        if not name:
            raise forms.ValidationError("Enter your full name")
        return name

    def clean_postcode(self):
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if postcode is None:
            raise forms.ValidationError("Enter a real postcode, like S60 2TH")
        return postcode

    def clean_consents_to_name(self):
        return self.cleaned_data["consents_to_name"] == "yes"

    @property
    def is_spam(self):
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    def submission(self):
        """What the service needs, from a valid form."""
        data = self.cleaned_data
        return {
            "meeting": data["meeting"],
            "addressed_to": data["addressed_to"],
            "text": data["text"],
            "asker_name": data["asker_name"],
            "email": data["email"],
            "postcode": data["postcode"],
            "declares_local": data["declares_local"],
            "consents_to_name": data["consents_to_name"],
        }


class QuestionRejectForm(forms.Form):
    """An officer's reason for rejecting questions: one of the panel's rules."""

    reason = forms.ChoiceField(
        label="Reason",
        choices=[("", "Choose the reason"), *Question.RejectionReason.choices],
        help_text="The asker is emailed this reason.",
    )
    note = forms.CharField(
        label="Anything more the asker should know",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
        help_text="Optional. It is emailed to the asker and shown on their status page, never "
        "published.",
    )


class QuestionAnswerForm(forms.Form):
    """The answer to a question, as given at the meeting or in writing."""

    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 8, "class": "vLargeTextField"}))
    answered_by = forms.CharField(
        label="Answered by",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
        help_text='e.g. "the Chair" or "the Mayor".',
    )
    answered_how = forms.ChoiceField(
        label="How it was answered",
        choices=Question.AnsweredHow.choices,
        widget=forms.RadioSelect,
    )
    publish = forms.BooleanField(
        label="Publish the question and answer on the meeting page and the questions page",
        required=False,
        initial=True,
    )


# Complaints about the office holder ----------------------------------------------------------


class ComplaintTriageForm(forms.Form):
    """One question of the triage: a set of radios, each answer leading to a page."""

    answer = forms.ChoiceField(widget=forms.RadioSelect)

    def __init__(self, *args, legend, options, error, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["answer"]
        field.label = legend
        field.choices = [Choice(value, label, hint=hint) for value, label, hint in options]
        field.error_messages["required"] = error
        field.error_messages["invalid_choice"] = error
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.radios("answer", legend_size=Size.LARGE, legend_tag="h1"))


class ClearableFileInput(forms.ClearableFileInput):
    """A file input taking several files. Named as Django's own because crispy-forms-gds picks
    GOV.UK's file upload classes (and the red error border) by the widget's class name."""

    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Any number of files from one file input: a list of uploads, checked by the form."""

    widget = ClearableFileInput

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        return [super(EvidenceField, self).clean(upload, initial) for upload in uploads if upload]


class ComplaintDateField(DateInputField):
    """When it happened: GOV.UK's day, month and year boxes, with our own words for mistakes."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.error_messages.update(
            required="Enter the date it happened",
            incomplete="Enter the date it happened, with the day, month and year",
        )
        for part, name in zip(self.fields, ["day", "month", "year"], strict=True):
            part.error_messages["incomplete"] = f"The date it happened must include a {name}"
            part.validators = [
                RegexValidator(r"^\s*[0-9]+\s*$", f"Enter the {name} as a number, like 5")
            ]

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except (forms.ValidationError, OverflowError):  # a number too big for a date, too
            raise forms.ValidationError("The date it happened must be a real date") from None


FILE_ERRORS = {
    "empty": "The selected file is empty",
    "invalid": "The selected file could not be read: choose it again",
    "missing": "The selected file could not be read: choose it again",
    "max_length": "The file's name is too long: rename it and choose it again",
}


class RevealingRadios(ConditionalRadios):
    """GOV.UK radios where a choice reveals more questions (crispy-forms-gds's conditional radios,
    with our templates/gds/layout/conditional_question.html), their legend sized like the other
    questions'."""

    def __init__(self, field, *choices, **context):
        super().__init__(field, *choices)
        self.context = context

    def render(self, form, context, **kwargs):
        # A copy, so that neither our legend nor what the library adds reaches later fields.
        context = copy(context)
        context.update(self.context)
        return super().render(form, context, **kwargs)


# Asked only of someone complaining for someone else.
SOMEONE_ELSE_FIELDS = {"represented_name": "", "consent_file": None, "consent_confirmed": False}


def holder_label(holder):
    label = str(holder)
    if holder.end_date:
        label += f", in office until {holder.end_date:%-d %B %Y}"
    return label


def file_problem(upload):
    """What is wrong with an uploaded file, in words for the complainant, or None."""
    name = upload.name or "A file"
    if upload.size > EVIDENCE_MAX_BYTES:
        return f"{name} is larger than 10 MB: make it smaller, or send it by post"
    if upload.size == 0:
        return f"{name} is empty"
    if evidence_file_type(upload) is None:
        return f"{name} must be a PDF, JPEG, PNG or Word (.docx) file"
    return None


class ComplaintForm(forms.Form):
    """A complaint about the conduct of the office holder or deputy (docs/design.md §4)."""

    complainant_name = forms.CharField(
        label="Full name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your full name",
            "max_length": "Your name must be 200 characters or fewer",
        },
    )
    address_line_1 = forms.CharField(
        label="Address line 1",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
        error_messages={
            "required": "Enter address line 1, typically the building and street",
            "max_length": "Address line 1 must be 200 characters or fewer",
        },
    )
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
        error_messages={"max_length": "Address line 2 must be 200 characters or fewer"},
    )
    town = forms.CharField(
        label="Town or city",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
        error_messages={
            "required": "Enter your town or city",
            "max_length": "Town or city must be 100 characters or fewer",
        },
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your postcode",
            "max_length": "Enter a real postcode, like S60 2TH",
        },
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        help_text="We will send your reference here.",
        widget=forms.TextInput(
            attrs={"input_type": "email", "autocomplete": "email", "spellcheck": "false"}
        ),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Your email address must be 254 characters or fewer",
        },
    )
    phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=30,
        help_text="For international numbers include the country code.",
        widget=forms.TextInput(attrs={"input_type": "tel", "autocomplete": "tel"}),
        error_messages={"max_length": "Enter a phone number, like 0114 273 4567"},
    )
    acting_for_someone = forms.ChoiceField(
        label="Are you complaining for someone else?",
        help_text="For example, for a relative. You need their written consent.",
        choices=[
            Choice("no", "No, for myself"),
            Choice("yes", "Yes, for someone else"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you are complaining for someone else"},
    )
    represented_name = forms.CharField(
        label="Their full name",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        error_messages={"max_length": "Their name must be 200 characters or fewer"},
    )
    consent_file = forms.FileField(
        label="Their written consent (optional)",
        required=False,
        error_messages=FILE_ERRORS,
        help_text="A letter or form they signed: PDF, JPEG, PNG or Word, up to 10 MB.",
    )
    consent_confirmed = forms.BooleanField(
        label="I have their written consent to make this complaint for them",
        required=False,
    )
    holder = forms.ModelChoiceField(
        label="Who is your complaint about?",
        queryset=OfficeHolder.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose who your complaint is about",
            "invalid_choice": "Choose who your complaint is about",
        },
    )
    what_happened = forms.CharField(
        label="What happened?",
        help_text="Say what they did or said, where, and how it affected you.",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "true"}),
        error_messages={
            "required": "Tell us what happened",
            "max_length": "What happened must be 10,000 characters or fewer",
        },
    )
    happened_on = ComplaintDateField(
        label="When did it happen?",
        help_text="For example, 27 3 2026. If it went on over a time, give the last date.",
        require_all_fields=False,
    )
    late_reason = forms.CharField(
        label="Why are you complaining more than 12 months after it happened?",
        help_text="The panel can decide to take no action on a complaint made more than 12 "
        "months after what happened, unless there is a good reason for the delay.",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The reason must be 5,000 characters or fewer"},
    )
    witnesses = forms.CharField(
        label="Were there any witnesses? (optional)",
        help_text="Their names and how to contact them, if you know.",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Witnesses must be 5,000 characters or fewer"},
    )
    evidence = EvidenceField(
        label="Upload evidence (optional)",
        required=False,
        error_messages=FILE_ERRORS,
        help_text=f"Up to {EVIDENCE_MAX_FILES} files, each up to 10 MB: PDF, JPEG, PNG or Word "
        "(.docx). To choose more than one, hold Ctrl (or Command on a Mac) as you click.",
    )
    outcome_wanted = forms.CharField(
        label="What would you like to happen?",
        help_text="For example, an apology or an explanation.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Tell us what you would like to happen",
            "max_length": "What you would like to happen must be 5,000 characters or fewer",
        },
    )
    raised_with_holder = forms.ChoiceField(
        label="Have you already raised this with them or their office?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you have already raised this with them"},
    )
    consent_to_share = forms.ChoiceField(
        label="Can we share your complaint with the person it is about?",
        choices=[
            Choice("yes", "Yes, with my name and contact details"),
            Choice(
                "no",
                "No, only a copy with my details removed",
                hint="We remove your name, address, email, phone number and the names of "
                "witnesses. They may still be able to tell who you are from what happened.",
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether we can share your complaint with them"},
    )
    # A trap for automated posting: people never see this field; scripts fill in everything.
    website = forms.CharField(
        label="Leave this blank",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["holder"].queryset = complainable_holders(self.today)
        self.fields["holder"].label_from_instance = holder_label
        self.holders = list(self.fields["holder"].queryset)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = self.build_layout()

    @property
    def shows_late_reason(self):
        """The reason is asked for once the date given is more than 12 months ago."""
        day = self.late_date()
        return bool(day) or bool(self.data.get(self.add_prefix("late_reason"), "").strip())

    def late_date(self):
        if not self.is_bound:
            return None
        values = [self.data.get(f"{self.add_prefix('happened_on')}_{n}", "") for n in range(3)]
        try:
            day = datetime.date(*(int(value) for value in reversed(values)))
        except (TypeError, ValueError, OverflowError):  # a huge number is not a date either
            return None
        return day if (self.today - day).days > LATE_AFTER_DAYS else None

    def build_layout(self):
        heading = {"legend_size": Size.MEDIUM, "legend_tag": "h2"}
        late = []
        if self.shows_late_reason:
            late = [
                HTML(
                    '<div class="govuk-warning-text"><span class="govuk-warning-text__icon" '
                    'aria-hidden="true">!</span><strong class="govuk-warning-text__text">'
                    '<span class="govuk-visually-hidden">Warning</span>This happened more than '
                    "12 months ago. Tell us why you did not complain sooner.</strong></div>"
                ),
                Field.textarea("late_reason"),
            ]
        return Layout(
            Fieldset(
                HTML(
                    '<p class="govuk-body">We need your name and postal address: the rules for '
                    "complaints require them. Give an email address or a phone number, or both, "
                    "so we can contact you.</p>"
                ),
                Field.text("complainant_name", field_width=20),
                Field.text("address_line_1"),
                Field.text("address_line_2"),
                Field.text("town", field_width=20),
                Field.text("postcode", field_width=10),
                Field.text("email", field_width=20),
                Field.text("phone", field_width=20),
                legend="Your details",
                **heading,
            ),
            RevealingRadios(
                "acting_for_someone",
                "No, for myself",
                ConditionalQuestion(
                    "Yes, for someone else",
                    Field.text("represented_name", field_width=20),
                    Field("consent_file"),
                    Field.checkbox("consent_confirmed"),
                ),
                legend_size=Size.for_legend(Size.MEDIUM),
                legend_tag="h2",
            ),
            Field.radios("holder", **heading),
            Field.textarea("what_happened", label_size=Size.MEDIUM, label_tag="h2"),
            Field(
                "happened_on",
                context={"legend_size": Size.for_legend(Size.MEDIUM), "legend_tag": "h2"},
            ),
            *late,
            Field.textarea("witnesses", label_size=Size.MEDIUM, label_tag="h2"),
            Field(
                "evidence",
                context={"label_size": Size.for_label(Size.MEDIUM), "label_tag": "h2"},
            ),
            Field.textarea("outcome_wanted", label_size=Size.MEDIUM, label_tag="h2"),
            Field.radios("raised_with_holder", inline=True, **heading),
            Field.radios("consent_to_share", **heading),
            HTML('<div class="govuk-visually-hidden">'),
            Field.text("website"),
            HTML("</div>"),
        )

    def clean_complainant_name(self):
        name = " ".join(self.cleaned_data["complainant_name"].split())
        if not name:
            raise forms.ValidationError("Enter your full name")
        return name

    def clean_postcode(self):
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if postcode is None:
            raise forms.ValidationError("Enter a real postcode, like S60 2TH")
        return postcode

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and not re.fullmatch(r"\+?[0-9 ()-]{7,25}", phone):
            raise forms.ValidationError("Enter a phone number, like 0114 273 4567")
        return phone

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day and day > self.today:
            raise forms.ValidationError("The date it happened must be today or in the past")
        return day

    def clean_consent_file(self):
        upload = self.cleaned_data.get("consent_file")
        if upload:
            problem = file_problem(upload)
            if problem:
                raise forms.ValidationError(problem)
            return (upload, evidence_file_type(upload))
        return None

    def clean_evidence(self):
        uploads = self.cleaned_data.get("evidence") or []
        if len(uploads) > EVIDENCE_MAX_FILES:
            raise forms.ValidationError(
                f"You can upload up to {EVIDENCE_MAX_FILES} files: you chose {len(uploads)}"
            )
        problems = [problem for problem in map(file_problem, uploads) if problem]
        if problems:
            raise forms.ValidationError(problems)
        return [(upload, evidence_file_type(upload)) for upload in uploads]

    def clean(self):
        data = super().clean()
        contact_errors = {"email", "phone"} & set(self.errors)
        if not data.get("email") and not data.get("phone") and not contact_errors:
            self.add_error("email", "Enter an email address or a phone number")
        if data.get("acting_for_someone") == "yes":
            if not data.get("represented_name", "").strip() and "represented_name" not in (
                self.errors
            ):
                self.add_error("represented_name", "Enter the name of the person you act for")
            consent_given = data.get("consent_confirmed") or data.get("consent_file")
            if not consent_given and "consent_file" not in self.errors:
                self.add_error(
                    "consent_confirmed",
                    "Confirm that you have their written consent, or upload it",
                )
        else:
            # The questions about someone else are on the page without JavaScript, and may have
            # been answered before "for myself" was chosen: they do not count.
            for name, empty in SOMEONE_ELSE_FIELDS.items():
                self.errors.pop(name, None)
                data[name] = empty
        day = data.get("happened_on")
        if day and (self.today - day).days > LATE_AFTER_DAYS and not data.get("late_reason"):
            self.add_error("late_reason", "Tell us why you did not complain within 12 months")
        return data

    @property
    def is_spam(self):
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    def submission(self):
        """What the service needs, from a valid form."""
        data = self.cleaned_data
        return {
            "holder": data["holder"],
            "complainant_name": data["complainant_name"],
            "address_line_1": data["address_line_1"].strip(),
            "address_line_2": data["address_line_2"].strip(),
            "town": data["town"].strip(),
            "postcode": data["postcode"],
            "email": data["email"],
            "phone": data["phone"],
            "acting_for_someone": data["acting_for_someone"] == "yes",
            "represented_name": data["represented_name"].strip(),
            "consent_confirmed": data["consent_confirmed"],
            "what_happened": data["what_happened"].strip(),
            "happened_on": data["happened_on"],
            "late_reason": data["late_reason"].strip(),
            "witnesses": data["witnesses"].strip(),
            "outcome_wanted": data["outcome_wanted"].strip(),
            "raised_with_holder": data["raised_with_holder"] == "yes",
            "consent_to_share": data["consent_to_share"] == "yes",
            "evidence": data["evidence"],
            "consent_file": data["consent_file"],
        }


class StageMoveForm(forms.Form):
    """An officer's note (and, for no action, the regulation 15 ground) for a stage move."""

    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "vLargeTextField"}),
        help_text="Why, in a sentence or two. Kept with the case; never published.",
    )
    ground = forms.ChoiceField(
        label="Regulation 15 ground",
        required=False,
        choices=[("", "Choose the ground"), *StageChange.Ground.choices],
    )

    def __init__(self, *args, needs_ground=False, needs_note=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_ground:
            del self.fields["ground"]
        else:
            self.fields["ground"].required = True
        if needs_note:
            self.fields["note"].required = True
            self.fields[
                "note"
            ].help_text = "The reason: it goes in the notice to the complainant. Never published."
