"""
Demo questions: the two public questions of minute J32 (31 March 2014) with the answers the minute
records, in its words, and a few invented open questions for the upcoming sample meeting.

The minute does not name the askers, so neither do we: they are "a member of the public", with no
email address or postcode. The invented askers are obviously invented (example.com addresses).
`load()` is safe to run again: it changes nothing that is already there.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from complaints.models import Complaint, Letter, Question, StageChange
from meetings import demo as meetings_demo
from meetings.models import Meeting
from plans import demo as plans_demo
from plans.models import Office, OfficeHolder

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
    load_complaints()


def clear():
    clear_complaints()
    # Every question on a demo meeting goes, including any asked while trying the site: the
    # meetings cannot be deleted while questions refer to them.
    slugs = [meetings_demo.MARCH, meetings_demo.MAY, meetings_demo.JULY, meetings_demo.SAMPLE_SLUG]
    slugs += [getattr(meetings_demo, "ENGAGEMENT", "")]
    Question.objects.filter(meeting__slug__in=slugs).delete()
    Question.objects.filter(reference__in=[q["reference"] for q in J32 + SAMPLE]).delete()


# Complaints about the office holder (issue 6) ------------------------------------------------
# The seeds hold no complaints, and the plans demo records no one in office today, so the demo
# adds two invented office holders (plainly invented names) and invented complaints about them
# from invented people: no complaint is ever made up about a real person.

SAMPLE_HOLDERS = [
    ("Chris Sample", OfficeHolder.Role.HOLDER),
    ("Jane Example", OfficeHolder.Role.DEPUTY),
]
# The names the demo gave them before: a reset clears those too, where a database has them.
FORMER_SAMPLE_HOLDERS = ["Sample Mayor", "Sample Deputy Mayor"]
SAMPLE_TERM_START = datetime.date(2024, 5, 7)

# (reference, days ago received, holder, complainant, stages passed through with their notes)
SAMPLE_COMPLAINTS = [
    {
        "reference": "C-DEMO01",
        "days_ago": 2,
        "holder": "Chris Sample",
        "complainant_name": "Casey Invented",
        "email": "casey.invented@example.com",
        "what_happened": "Sample complaint: at a public meeting the Mayor spoke over me "
        "repeatedly and would not let me finish my question about street lighting.",
        "outcome_wanted": "An apology.",
        "stages": [],
    },
    {
        "reference": "C-DEMO02",
        "days_ago": 9,
        "holder": "Jane Example",
        "complainant_name": "Morgan Fictional",
        "email": "morgan.fictional@example.com",
        "what_happened": "Sample complaint: the Deputy Mayor's office promised to reply to my "
        "letter within a month and did not reply at all.",
        "outcome_wanted": "A reply to my letter and an explanation of the delay.",
        "stages": [("recorded", "About the deputy's conduct: recorded.")],
        "letters": [("acknowledgement", "post")],
    },
    {
        "reference": "C-DEMO03",
        "days_ago": 20,
        "holder": "Chris Sample",
        "complainant_name": "Riley Notreal",
        "email": "",
        "phone": "0114 496 0000",
        "what_happened": "Sample complaint: an officer was rude to me when I reported a burglary.",
        "outcome_wanted": "The officer to be spoken to.",
        "stages": [
            (
                "not_recorded",
                "About a police officer, not the office holder: the complainant was told to "
                "contact the force's Professional Standards Department.",
            )
        ],
        "letters": [("not_recorded", "post")],
    },
    {
        "reference": "C-DEMO04",
        "days_ago": 33,
        "holder": "Chris Sample",
        "complainant_name": "Jordan Madeup",
        "email": "jordan.madeup@example.com",
        "what_happened": "Sample complaint: alleges that the Mayor used their position to get a "
        "relative a job without a fair process.",
        "outcome_wanted": "An investigation.",
        "stages": [
            ("recorded", "Recorded."),
            ("referred", "Alleges misconduct in public office: a serious complaint."),
        ],
        "letters": [("acknowledgement", "email"), ("referral", "email")],
    },
    {
        "reference": "C-DEMO05",
        "days_ago": 64,
        "holder": "Jane Example",
        "complainant_name": "Avery Placeholder",
        "email": "avery.placeholder@example.org",
        "what_happened": "Sample complaint: the Deputy Mayor posted comments about my community "
        "group online that I felt were dismissive.",
        "outcome_wanted": "The comments to be taken down.",
        "stages": [("recorded", "Recorded."), ("informal", "Suitable for informal resolution.")],
        "letters": [("acknowledgement", "email")],
    },
    {
        "reference": "C-DEMO06",
        "days_ago": 410,
        "holder": "Chris Sample",
        "complainant_name": "Drew Example",
        "email": "drew.example@example.com",
        "what_happened": "Sample complaint: the Mayor did not attend a community meeting they "
        "had agreed to attend, and gave no reason.",
        "outcome_wanted": "An explanation.",
        "stages": [
            ("recorded", "Recorded."),
            ("informal", "Informal resolution by the sub-committee."),
            ("outcome_sent", "Record of outcome sent to both sides."),
            ("closed", "Closed."),
        ],
        "letters": [("acknowledgement", "email"), ("outcome", "email")],
    },
    {
        "reference": "C-DEMO07",
        "days_ago": 380,
        "holder": "Jane Example",
        "complainant_name": "Quinn Imaginary",
        "email": "quinn.imaginary@example.com",
        "what_happened": "Sample complaint: the Deputy Mayor's office shared my email with "
        "another organisation without asking me.",
        "outcome_wanted": "To know who has my email address.",
        "stages": [("recorded", "Recorded."), ("withdrawn", "Withdrawn by phone.")],
        "letters": [("acknowledgement", "email")],
    },
    {
        "reference": "C-DEMO08",
        "days_ago": 45,
        "holder": "Chris Sample",
        "complainant_name": "Sky Pretend",
        "email": "sky.pretend@example.com",
        "happened_days_before": 500,
        "late_reason": "I did not know I could complain.",
        "what_happened": "Sample complaint: the Mayor's office did not answer my phone calls.",
        "outcome_wanted": "An apology.",
        "stages": [("recorded", "Recorded."), ("disapplied", "Made 16 months late.")],
        "letters": [("acknowledgement", "email")],
    },
]


def load_complaints():
    mayor, _ = Office.objects.get_or_create(
        name=plans_demo.MAYOR, defaults={"deputy_title": plans_demo.MAYORS_DEPUTY}
    )
    holders = {
        name: OfficeHolder.objects.get_or_create(
            office=mayor, name=name, defaults={"role": role, "start_date": SAMPLE_TERM_START}
        )[0]
        for name, role in SAMPLE_HOLDERS
    }
    for sample in SAMPLE_COMPLAINTS:
        if Complaint.objects.filter(reference=sample["reference"]).exists():
            continue
        received = timezone.now() - datetime.timedelta(days=sample["days_ago"])
        happened = timezone.localdate(received) - datetime.timedelta(
            days=sample.get("happened_days_before", 14)
        )
        complaint = Complaint.objects.create(
            reference=sample["reference"],
            holder=holders[sample["holder"]],
            complainant_name=sample["complainant_name"],
            address_line_1="1 Sample Street",
            town="Sheffield",
            postcode="S1 2HH",
            email=sample["email"],
            phone=sample.get("phone", ""),
            what_happened=sample["what_happened"],
            happened_on=happened,
            late_reason=sample.get("late_reason", ""),
            outcome_wanted=sample["outcome_wanted"],
            raised_with_holder=False,
            consent_to_share=sample["days_ago"] % 2 == 0,
            received_at=received,
        )
        load_complaint_history(complaint, sample, received)


def load_complaint_history(complaint, sample, received):
    stage = Complaint.Stage.RECEIVED
    at = received
    for step, (to_stage, note) in enumerate(sample["stages"], start=1):
        at = received + datetime.timedelta(days=3 * step)
        StageChange.objects.create(
            complaint=complaint,
            from_stage=stage,
            to_stage=to_stage,
            at=at,
            note=note,
            ground=StageChange.Ground.LATE if to_stage == "disapplied" else "",
        )
        stage = to_stage
    for kind, how in sample.get("letters", []):
        sent = received + datetime.timedelta(days=2)
        Letter.objects.create(
            complaint=complaint,
            kind=kind,
            body=f"Sample letter: {Letter.Kind(kind).label.lower()} for {complaint.reference}.",
            drafted_at=sent,
            sent_on=timezone.localdate(sent),
            sent_how=how,
        )
    # Set directly, without the services, so that the demo's dates stay in the past.
    Complaint.objects.filter(pk=complaint.pk).update(
        stage=stage,
        referred_to_iopc=any(to == "referred" for to, _ in sample["stages"]),
        acknowledged_at=(received + datetime.timedelta(days=2) if sample.get("letters") else None),
        concluded_at=at if stage in Complaint.CONCLUDED_STAGES else None,
    )


def clear_complaints():
    # Every complaint about a sample holder goes, including any made while trying the site.
    names = [name for name, _ in SAMPLE_HOLDERS] + FORMER_SAMPLE_HOLDERS
    Complaint.objects.filter(
        Q(holder__name__in=names, holder__office__name=plans_demo.MAYOR)
        | Q(reference__in=[sample["reference"] for sample in SAMPLE_COMPLAINTS])
    ).delete()
    OfficeHolder.objects.filter(office__name=plans_demo.MAYOR, name__in=names).delete()
