from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from complaints.models import (
    QUESTION_MAX_WORDS,
    Question,
    count_words,
    meetings_open_for_questions,
    normalise_postcode,
)
from meetings.models import Meeting

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
    """A question for a panel meeting, with the panel's rules checked (DESIGN.md §4)."""

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
        closed = Meeting.objects.published().filter(pk=value).first() if value.isdigit() else None
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
