"""The words of the bench data: sentences built from a vocabulary of policing and panel words,
drawn with the generator's seeded random numbers, so every run makes the same text."""

TOPICS = [
    "domestic abuse",
    "the 101 non-emergency service",
    "999 call handling",
    "the HMICFRS inspection",
    "reoffending",
    "PCSO numbers",
    "child sexual exploitation",
    "road safety",
    "rural crime",
    "hate crime",
    "the budget and precept",
    "victims' services",
    "neighbourhood policing",
    "cyber crime",
    "anti-social behaviour",
    "knife crime",
    "drug supply and county lines",
    "modern slavery",
    "complaints handling",
    "the estates strategy",
    "workforce planning",
    "stop and search",
    "violence against women and girls",
    "fraud against older people",
    "burglary",
    "youth offending",
    "mental health crisis care",
    "custody suites",
    "body-worn video",
    "organised crime groups",
    "restorative justice",
    "community safety partnerships",
    "firearms licensing",
    "officer wellbeing",
    "recruitment and diversity",
    "the public confidence survey",
    "the capital programme",
    "the reserves strategy",
    "vehicle crime",
    "shoplifting",
]
SUBJECTS = [
    "The panel",
    "Members",
    "The Commissioner",
    "The Chief Constable",
    "The Deputy Mayor",
    "Officers",
    "The scrutiny officer",
    "The force",
    "Partners",
    "The Chair",
    "The Chief Finance Officer",
    "A co-opted member",
]
VERBS = [
    "noted",
    "welcomed",
    "asked about",
    "questioned",
    "considered",
    "reviewed",
    "raised concerns about",
    "received an update on",
    "discussed",
    "requested a further report on",
    "challenged",
    "supported",
]
OBJECTS = [
    "progress on",
    "performance on",
    "the latest figures for",
    "the action plan for",
    "the funding of",
    "the inspection findings on",
    "the recommendations about",
    "response times for",
    "the consultation on",
    "the delivery plan for",
    "partnership working on",
    "the risks around",
]
PLACES = [
    "",
    " in Barnsley",
    " in Doncaster",
    " in Rotherham",
    " in Sheffield",
    " across South Yorkshire",
    " in rural areas",
    " in the city centre",
    " in the districts",
]
TIMES = [
    "",
    " for the last quarter",
    " since the last meeting",
    " over the year",
    " against the plan",
    " compared with last year",
    " ahead of the budget",
]
MEASURED = [
    "Recorded crime",
    "Emergency response times",
    "Victim satisfaction",
    "Calls answered within target",
    "Arrests",
    "Repeat victims",
    "Charge rates",
    "Neighbourhood patrol hours",
]
ITEM_TITLES = [
    "Apologies for absence",
    "Declarations of interest",
    "Minutes of the previous meeting",
    "Questions from members of the public",
]
REPORT_KINDS = [
    "Report on",
    "Update on",
    "Scrutiny of",
    "Performance report:",
    "Inspection findings:",
    "Commissioner's update on",
]
FIRST_NAMES = "Amira Ben Chloe Dev Ellen Farid Grace Harun Isla Jon Kiran Leah Musa".split()  # noqa: SIM905
LAST_NAMES = "Ashworth Bell Carter Dalton Ellis Fenwick Gill Hussain Iqbal Jowett".split()  # noqa: SIM905
AUTHORS = ["Commissioner", "Chief Constable", "scrutiny officer"]
COUNCILS = ["Barnsley", "Doncaster", "Rotherham", "Sheffield"]


class Prose:
    """Sentences from the vocabulary, drawn from a pool made once (drawing words one by one
    for a million passages would take minutes)."""

    def __init__(self, rng, pool_size=20_000):
        self.rng = rng
        self.pool = [self._sentence() for _ in range(pool_size)]

    def _sentence(self):
        rng = self.rng
        if rng.random() < 0.15:
            change = rng.choice(["rose", "fell"])
            return (
                f"{rng.choice(MEASURED)}{rng.choice(PLACES)} {change} by {rng.randint(1, 25)}% "
                f"to {rng.randint(100, 20_000):,}{rng.choice(TIMES)}."
            )
        return (
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
            f"{rng.choice(TOPICS)}{rng.choice(PLACES)}{rng.choice(TIMES)}."
        )

    def sentences(self, count):
        return " ".join(self.rng.choices(self.pool, k=count))

    def paragraphs(self, count, sentences=5):
        return "\n\n".join(self.sentences(sentences) for _ in range(count))
