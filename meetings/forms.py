import datetime
import re

from django import forms

PARTS = ["day", "month", "year"]
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)


class MembershipDateForm(forms.Form):
    """The date to show the panel's membership on: GOV.UK's day, month and year fields.

    The fields arrive as ?date-day=31&date-month=3&date-year=2014; a link may give one ISO value,
    ?date=2014-03-31, instead. Nothing entered means today.
    """

    day = forms.CharField(label="Day", required=False)
    month = forms.CharField(label="Month", required=False)
    year = forms.CharField(label="Year", required=False)

    def __init__(self, query):
        data = {key: query.get(f"date-{key}", "").strip() for key in PARTS}
        self.bad_iso = False
        iso = query.get("date", "").strip()
        if not any(data.values()) and iso:
            match = ISO_DATE.fullmatch(iso)
            if match:
                data = dict(zip(["year", "month", "day"], match.groups(), strict=True))
            else:
                self.bad_iso = True
        self.is_given = any(data.values()) or self.bad_iso
        super().__init__({f"date-{key}": value for key, value in data.items()}, prefix="date")
        self.auto_id = "%s"
        # clean() checks the parts and reports one error for the date, null characters included.
        for field in self.fields.values():
            field.validators = []

    def clean(self):
        if self.bad_iso:
            self.fail("Enter the date as a day, month and year, for example 31 3 2014", PARTS)
        values = {key: self.cleaned_data.get(key, "") for key in PARTS}
        missing = [key for key in PARTS if not values[key]]
        if len(missing) == len(PARTS):
            return {"date": None}
        if missing:
            self.fail(f"The date must include a {' and a '.join(missing)}", missing)
        wrong = [key for key in PARTS if not (values[key].isascii() and values[key].isdigit())]
        if wrong:
            self.fail("Enter the date as numbers, for example 31 3 2014", wrong)
        if len(values["year"]) != 4:
            self.fail("The year must include 4 numbers", ["year"])
        try:
            date = datetime.date(int(values["year"]), int(values["month"]), int(values["day"]))
        except (ValueError, OverflowError):
            self.fail("The date must be a real date", PARTS)
        return {"date": date}

    def fail(self, message, parts):
        """One error for the whole date, marking the fields that need fixing."""
        self.error_parts = parts
        raise forms.ValidationError(message)

    @property
    def error_message(self):
        errors = self.non_field_errors()
        return errors[0] if errors else ""

    @property
    def first_error_id(self):
        return f"date-{self.error_parts[0]}" if self.error_message else ""

    def inputs(self):
        """Each of day, month and year as the template draws it."""
        return [
            {
                "field": self[part],
                "width": 4 if part == "year" else 2,
                "has_error": bool(self.error_message) and part in self.error_parts,
            }
            for part in PARTS
        ]

    def date_or(self, default):
        """The date asked for, or `default` when none was given or it is not valid."""
        return (self.is_valid() and self.cleaned_data["date"]) or default
