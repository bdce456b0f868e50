"""
Demo questions: the two public questions of minute J32 (31 March 2014) with the answers the minute
records, in its words, and a few invented open questions for the upcoming sample meeting.

The minute does not name the askers, so neither do we: they are "a member of the public", with no
email address or postcode. The invented askers are obviously invented (example.com addresses).
`load()` is safe to run again: it changes nothing that is already there.
"""

import datetime

from django.utils import timezone

from complaints.models import Question
from meetings import demo as meetings_demo
from meetings.models import Meeting

NOT_RECORDED = "Not recorded (the minutes do not name the asker)"

J32 = [
    {
        "reference": "Q-2014-J32-1",
        "text": "Would Elected Members please summarise their efforts to publicise these Panel "
        "meetings in their own Council areas to increase awareness and involvement by the "
        "public and community groups throughout South Yorkshire?",
        "answered_by": "the Chairman",
        "answer": "The Chairman advised the member of the public that he would consult with the "
        "Police and Crime Panel and respond to the question in writing.",
    },
    {
        "reference": "Q-2014-J32-2",
        "text": "Could we have updates please on initiatives to make the Panel's proceedings "
        "more user-friendly, as previously minuted?\n\nE.g. Website development (J28), "
        "Guidance on Complaints Procedures (J30), Notice of Public Questions (written questions "
        "take precedence, but if time allows, should relevant questions from the public bench "
        "be considered, at the Chair's discretion?)",
        "answered_by": "the Chairman",
        "answer": "The Chairman confirmed that in relation to website development, this work "
        "was now progressing. It was also pointed out that the complaints procedure had been "
        "updated and was available on the Council's website. The procedure set out the "
        "arrangements for the consideration of complaints by the Panel alongside links to the "
        "websites of the Police and Crime Commissioner and the Independent Police Complaints "
        "Commission.\n\nWith regards to questions from members of the public, the Chairman "
        "advised that the Panel's Terms of Reference had been revised to include the procedure "
        "for public questions and had no wish to deviate from the arrangements that had been "
        "formally agreed.",
    },
]

# Invented people asking about the sample meeting, which is itself sample content.
SAMPLE = [
    {
        "reference": "Q-DEMO-1",
        "asker_name": "Alex Example",
        "email": "alex.example@example.com",
        "postcode": "S1 2HH",
        "consents_to_name": True,
        "addressed_to": Question.AddressedTo.OFFICE_HOLDER,
        "status": Question.Status.ACCEPTED,
        "text": "Sample question: what is being done to cut the time people wait when they "
        "call 101, and when will callers see a difference?",
    },
    {
        "reference": "Q-DEMO-2",
        "asker_name": "Sam Sample",
        "email": "sam.sample@example.com",
        "postcode": "DN1 3BU",
        "consents_to_name": False,
        "addressed_to": Question.AddressedTo.PANEL,
        "status": Question.Status.RECEIVED,
        "text": "Sample question: how will the panel check that neighbourhood policing teams "
        "in Doncaster have the officers the Police and Crime Plan promised?",
    },
    {
        "reference": "Q-DEMO-3",
        "asker_name": "Jo Placeholder",
        "email": "jo.placeholder@example.org",
        "postcode": "S70 2TA",
        "consents_to_name": True,
        "addressed_to": Question.AddressedTo.PANEL,
        "status": Question.Status.RECEIVED,
        "text": "Sample question: will the panel look at how reports of off-road motorbikes "
        "are dealt with in Barnsley?",
    },
]


def load():
    march = Meeting.objects.get(slug=meetings_demo.MARCH)
    for question in J32:
        Question.objects.get_or_create(
            reference=question["reference"],
            defaults={
                **question,
                "meeting": march,
                "addressed_to": Question.AddressedTo.PANEL,
                "asker_name": NOT_RECORDED,
                "email": "",
                "postcode": "",
                "consents_to_name": False,
                "status": Question.Status.ANSWERED,
                "answered_how": Question.AnsweredHow.AT_MEETING,
                "answer_published": True,
                "submitted_at": march.start,
                "decided_at": march.start,
                "answered_at": march.start,
            },
        )
    sample = Meeting.objects.get(slug=meetings_demo.SAMPLE_SLUG)
    for question in SAMPLE:
        submitted = timezone.now() - datetime.timedelta(days=2)
        Question.objects.get_or_create(
            reference=question["reference"],
            defaults={
                **question,
                "meeting": sample,
                "declares_local": True,
                "submitted_at": submitted,
                "decided_at": submitted if question["status"] != "received" else None,
            },
        )


def clear():
    # Every question on a demo meeting goes, including any asked while trying the site: the
    # meetings cannot be deleted while questions refer to them.
    slugs = [meetings_demo.MARCH, meetings_demo.MAY, meetings_demo.JULY, meetings_demo.SAMPLE_SLUG]
    slugs += [getattr(meetings_demo, "ENGAGEMENT", "")]
    Question.objects.filter(meeting__slug__in=slugs).delete()
    Question.objects.filter(reference__in=[q["reference"] for q in J32 + SAMPLE]).delete()
