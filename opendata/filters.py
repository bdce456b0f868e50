"""The query parameters that narrow a list, e.g. ?meeting=3, as django-filter filter sets.

A value the API cannot read is refused with a 400 that says which parameter and why, and so is a
parameter the address does not take, so that a mistyped filter never quietly returns everything.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from rest_framework.exceptions import APIException

from meetings.models import Action
from plans.models import MeasureReading

# Longer ids than this cannot be a row, and would overflow the database's integer.
MAX_ID_DIGITS = 18
LARGEST_ID = 10**MAX_ID_DIGITS - 1


class BadParameter(APIException):
    """A query parameter the API cannot read."""

    status_code = 400


def is_record_id(value):
    # isascii() too: "²".isdigit() is true, but int() refuses it.
    return value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS


# The fields read the raw value; "{name}" in a message is the parameter's name.


class RecordIdField(forms.Field):
    def to_python(self, value):
        if value is None:
            return None
        if not is_record_id(value):
            raise ValidationError("{name} must be a record's id, a whole number such as {name}=1.")
        return int(value)


class YearField(forms.Field):
    def to_python(self, value):
        if value is None:
            return None
        # Four digits from 1: Django cannot build the date range of year 0 or of year 10000.
        if not (value.isascii() and value.isdigit() and len(value) == 4) or int(value) < 1:
            raise ValidationError("{name} must be a year of four digits, e.g. {name}=2014.")
        return int(value)


class OneOfField(forms.Field):
    def __init__(self, *, allowed, **kwargs):
        self.allowed = allowed
        super().__init__(**kwargs)

    def to_python(self, value):
        if value is not None and value not in self.allowed:
            raise ValidationError(f"{{name}} must be one of: {', '.join(self.allowed)}.")
        return value


class OrganizationIdField(forms.Field):
    """An organization id such as "committee-1" or "council-2", read as (kind, id)."""

    def to_python(self, value):
        if value is None:
            return None
        kind, _, number = value.partition("-")
        if kind not in ("committee", "council"):
            raise ValidationError('{name} must be an organization id such as "committee-1".')
        return kind, RecordIdField().to_python(number)


# Each filter says what it takes in the OpenAPI description ("schema"), and gives an example
# for the /api/ page.


class RecordIdFilter(django_filters.Filter):
    field_class = RecordIdField
    schema = {"type": "integer", "minimum": 0, "maximum": LARGEST_ID}
    example = "1"


class YearFilter(django_filters.Filter):
    field_class = YearField
    schema = {"type": "integer", "minimum": 1000, "maximum": 9999}
    example = "2014"


class OneOfFilter(django_filters.Filter):
    field_class = OneOfField

    def __init__(self, *, allowed, help_text, **kwargs):
        self.schema = {"type": "string", "enum": allowed}
        self.example = allowed[0]
        super().__init__(
            allowed=allowed, help_text=f"{help_text} One of: {', '.join(allowed)}.", **kwargs
        )


class OrganizationFilter(django_filters.Filter):
    field_class = OrganizationIdField
    schema = {"type": "string", "pattern": f"^(committee|council)-[0-9]{{1,{MAX_ID_DIGITS}}}$"}
    example = "committee-1"


def meeting_filter(field_name="meeting_id"):
    return RecordIdFilter(field_name=field_name, help_text="Only those of this meeting (its id).")


def agenda_item_filter(field_name):
    return RecordIdFilter(
        field_name=field_name, help_text="Only those of this agenda item (its id)."
    )


def person_filter():
    return RecordIdFilter(field_name="member_id", help_text="Only this person's (their id).")


def plan_filter(field_name):
    return RecordIdFilter(field_name=field_name, help_text="Only this plan's (its id).")


def priority_filter(field_name):
    return RecordIdFilter(field_name=field_name, help_text="Only this priority's (its id).")


class MeetingFilter(django_filters.FilterSet):
    year = YearFilter(method="held_in", help_text="Only meetings held in this year.")

    def held_in(self, rows, name, value: int):
        return rows.filter(start__year=value)


class AgendaItemFilter(django_filters.FilterSet):
    meeting = meeting_filter()


class PaperFilter(django_filters.FilterSet):
    meeting = meeting_filter("agenda_item__meeting_id")
    agenda_item = agenda_item_filter("agenda_item_id")


class MembershipFilter(django_filters.FilterSet):
    person = person_filter()
    organization = OrganizationFilter(
        method="of_organization",
        help_text="Only those of this committee, or of members appointed by this council (an "
        'organization id such as "committee-1").',
    )

    def of_organization(self, rows, name, value: str):
        kind, pk = value
        if kind == "committee":
            return rows.filter(committee_id=pk)
        return rows.filter(member__council_id=pk)


class AttendanceFilter(django_filters.FilterSet):
    meeting = meeting_filter()
    person = person_filter()


class ResolutionFilter(django_filters.FilterSet):
    meeting = meeting_filter("minute__agenda_item__meeting_id")
    agenda_item = agenda_item_filter("minute__agenda_item_id")


class ActionFilter(django_filters.FilterSet):
    meeting = meeting_filter("agenda_item__meeting_id")
    status = OneOfFilter(allowed=Action.Status.values, help_text="Only those with this status.")
    kind = OneOfFilter(allowed=Action.Kind.values, help_text="Only those of this kind.")


class PriorityFilter(django_filters.FilterSet):
    plan = plan_filter("plan_id")


class MeasureFilter(django_filters.FilterSet):
    priority = priority_filter("priority_id")
    plan = plan_filter("priority__plan_id")


class ReadingFilter(django_filters.FilterSet):
    measure = RecordIdFilter(field_name="measure_id", help_text="Only this measure's (its id).")
    priority = priority_filter("measure__priority_id")
    area = OneOfFilter(
        allowed=MeasureReading.Area.values, help_text="Only the readings for this area."
    )


class OpenDataFilterBackend(DjangoFilterBackend):
    """django-filter's backend, answering a parameter it cannot read, or one the address does not
    take, with a 400 rather than a list."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = getattr(view, "filterset_class", None)
        allowed = set(filterset_class.base_filters) if filterset_class else set()
        if view.pagination_class:
            allowed |= {"page", "page_size"}
        for name in request.query_params:
            if name not in allowed:
                raise BadParameter(
                    f"Unknown parameter {name!r}: this address takes "
                    f"{', '.join(sorted(allowed)) or 'no parameters'}."
                )
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            name, messages = next(iter(filterset.errors.items()))
            raise BadParameter(messages[0].format(name=name))
        return filterset.qs


class OpenDataFilterExtension(DjangoFilterExtension):
    """drf-spectacular's description of django-filter's filters, with the values each filter
    above takes."""

    target_class = OpenDataFilterBackend
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            parameter["schema"] = filter_field.schema
        return parameters
