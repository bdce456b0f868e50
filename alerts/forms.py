from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Layout, Size
from django import forms

from meetings.models import Committee

from .models import Subscription

Frequency = Subscription.Frequency

FREQUENCY_CHOICES = [
    Choice(Frequency.IMMEDIATELY, "As it happens", hint="One email for each change."),
    Choice(Frequency.DAILY, "Once a day", hint="A summary each morning, when anything changed."),
    Choice(Frequency.WEEKLY, "Once a week", hint="A summary each Monday morning."),
]


class EmailField(forms.EmailField):
    # A TextInput shown as type="email": crispy-forms-gds gives only TextInput its error border.
    def __init__(self, **kwargs):
        super().__init__(
            label="Email address",
            max_length=254,
            widget=forms.TextInput(
                attrs={"input_type": "email", "autocomplete": "email", "spellcheck": "false"}
            ),
            error_messages={
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
                "max_length": "Your email address must be 254 characters or fewer",
            },
            **kwargs,
        )


class HoneypotForm(forms.Form):
    # A trap for automated posting: people never see this field; scripts fill in everything.
    website = forms.CharField(
        label="Leave this blank",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @property
    def is_spam(self):
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    def trap(self):
        return [HTML('<div class="govuk-visually-hidden">'), Field.text("website"), HTML("</div>")]


class FollowForm(HoneypotForm):
    """Follow one thing: how often, and where to send it."""

    frequency = forms.ChoiceField(
        label="How often do you want emails?",
        choices=FREQUENCY_CHOICES,
        initial=Frequency.DAILY,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often you want emails"},
    )
    email = EmailField(help_text="We will send you a link to confirm. We never publish it.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("frequency", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.text("email", field_width=20, label_size=Size.MEDIUM, label_tag="h2"),
            *self.trap(),
        )


class StartForm(FollowForm):
    """The alerts page: follow everything, or one committee."""

    followed = forms.ChoiceField(
        label="What do you want to hear about?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you want to hear about"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["followed"].choices = [
            Choice(
                "everything",
                "Everything the panel publishes",
                hint="Meetings, papers, "
                "minutes, the action log, the Police and Crime Plan and members.",
            ),
            *[
                Choice(f"committee:{committee.pk}", f"Meetings of {committee.name}")
                for committee in Committee.objects.order_by("name")
            ],
        ]
        self.helper.layout.fields.insert(
            0, Field.radios("followed", legend_size=Size.MEDIUM, legend_tag="h2")
        )


class ManageLinkForm(HoneypotForm):
    email = EmailField(help_text="If it follows anything, we will email it a link to your alerts.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.text("email", field_width=20), *self.trap())
