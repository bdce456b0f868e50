"""
The demo plan: the South Yorkshire Police and Crime Plan 2013-17, refreshed April 2014.

Vision, mission, outcomes, commitments, figures, funding, workforce and glossary are the plan's own,
from the seed document. The summary is in our words, and the publication date is the first of the
month the seed gives. The plan of 2013 that it refreshes is loaded too, with only what the seeds say
of it, so that the two versions can be compared; and one sample measure, which says it is sample
content, shows readings by district, of which the seeds give none. `load()` is safe to run again:
it changes nothing that is already there, except to fill in what older demo data left empty.
"""

import datetime
from decimal import Decimal

from plans.models import (
    Commitment,
    FundingLine,
    GlossaryTerm,
    Measure,
    MeasureReading,
    Office,
    OfficeHolder,
    Outcome,
    Plan,
    PlanVariationStep,
    Priority,
    WorkforceFigure,
)

PCC = "Police and Crime Commissioner for South Yorkshire"
MAYOR = "Mayor of South Yorkshire"
MAYORS_DEPUTY = "Deputy Mayor for Policing and Crime"
PLAN_SLUG = "police-and-crime-plan-2013-17-refreshed-april-2014"
FIRST_PLAN_SLUG = "police-and-crime-plan-2013-17"

# The seed's own press release of 11 November 2013 names Shaun Wright as the Commissioner, and the
# refreshed plan of April 2014 speaks of his "second year of office". The seeds give neither his
# dates in office nor those of Dr Alan Billings, whom later seeds name as Commissioner.
# Their terms are public record (the seeds name them but not their dates): Shaun Wright resigned in
# September 2014; Alan Billings, elected at the by-election of October 2014, held the office until
# the Mayor took on its powers in May 2024.
HOLDERS = {
    "Shaun Wright": (datetime.date(2012, 11, 22), datetime.date(2014, 9, 16)),
    "Dr Alan Billings": (datetime.date(2014, 10, 31), datetime.date(2024, 5, 6)),
}
PLAN_HOLDER = "Shaun Wright"

VISION = "To make South Yorkshire the safest place to live, learn, work and run businesses"
MISSION = (
    "To work with and commission South Yorkshire Police and partners to deliver reductions in "
    "crime and anti-social behaviour"
)
SUMMARY = (
    "The refreshed plan keeps the Commissioner's vision and the three strategic priorities: "
    "reducing crime and anti-social behaviour, protecting vulnerable people and improving "
    "visible policing. For 2014/15 the Commissioner allocated the force a budget of £239.8m, "
    "some £6m less than for 2013/14."
)

# The plan of 2013, as the seeds give it: the refresh says its vision and three priorities are
# unchanged, and that protecting children at risk of child sexual exploitation was the first year's
# priority; the Commissioner's press release of 11 November 2013 calls that one of the plan's key
# objectives. The seeds hold none of its outcomes, commitments or figures, nor its day of
# publication: the refresh says it was published "last year", i.e. 2013.
FIRST_PLAN_SUMMARY = (
    "The Commissioner's first Police and Crime Plan, published in 2013, which the plan refreshed "
    "in April 2014 replaced. This site holds only what later papers say of it: it had the same "
    "vision and the same three priorities, and in its first year protecting vulnerable children, "
    "particularly those at risk of child sexual exploitation, came first. Its outcomes, "
    "commitments and figures are not recorded here.\n\n"
    "The papers give the year it was published, not the day: the date shown is approximate."
)
# What each version's priorities focused on, where the seeds say, in our words.
FIRST_PLAN_PRIORITY_SUMMARIES = {
    "protecting-vulnerable-people": (
        "In the Commissioner's first year: protecting vulnerable children, particularly those at "
        "risk of child sexual exploitation (CSE), one of the plan's key objectives."
    ),
}
PRIORITY_SUMMARIES = {
    "protecting-vulnerable-people": (
        "In the Commissioner's second year the work on child sexual exploitation continues, and "
        "women's safety is prioritised too: more support for victims of domestic abuse, and a "
        "'Platinum' model for the force's Public Protection Units."
    ),
}

PRIORITIES = [
    {
        "slug": "reducing-crime-and-anti-social-behaviour",
        "title": "Reducing crime and anti-social behaviour",
        "where_we_are_now": (
            "Crime levels between January and December 2013: crime has reduced by 3% when "
            "compared to the same period in 2012. This equates to 3,040 fewer crimes.\n\n"
            "SYP has seen a reduction in recorded crimes greater than other forces ranking "
            "22nd out of 43 forces across England and Wales. SYP is recording the 5th highest"
            " volumes of total crime per 1000 population of the 43 forces. Overall reductions"
            " have been in line with the England and Wales averages. When compared with peer "
            "forces, termed 'Most Similar Group' (MSG) forces, volumes of crime have reduced "
            "in South Yorkshire, placing the Force as 2nd highest of the 8 forces that make "
            "up the group.\n\n"
            "Anti-social behaviour incidents have reduced by 5% between January 2013 and "
            "December 2013 when compared to the same period in 2012. This equates to 4,247 "
            "fewer incidents.\n\n"
            "Reoffending: the latest reoffending data (to September 2013) shows a 10.05% "
            "reoffending rate for South Yorkshire. This is a -11.83% difference when compared"
            " with the predicted rate based on a baseline taken in 2007/2008.\n\n"
            "Within the South Yorkshire region, Doncaster and Sheffield local authority areas"
            " currently have re-offending rates that are statistically lower than predicted. "
            "Since the baseline was taken in 2007/2008 Barnsley and Rotherham have, up until "
            "recently, consistently recorded statistically lower than predicted rates of "
            "re-offending.\n\n"
            "South Yorkshire re-offending rates currently places them 7th out of 35 Probation"
            " Trusts, however South Yorkshire is the only trust to achieve a statistically "
            "significant reduction in re-offending for 22 consecutive quarters since the "
            "baseline data was taken in 2007/2008."
        ),
        "outcomes": [
            "Everyone's voice is heard",
            "Fewer victims of crime and ASB",
            "Victims of crime are satisfied with the service they receive from the Police",
            "A fairer and more just society where victims of crimes, such as anti-social "
            "behaviour, have a say in how offenders should be punished",
            "Lower reoffending rates",
            "People feel more safe",
            "A Service that provides value for money",
        ],
        "commitments": [
            "Supporting the Chief Constable in the implementation and upholding of the "
            "Force's Core Performance principles",
            "Developing and improving engagement approaches, including the use of social "
            "media, to hear the views of all communities",
            "Monitoring crime levels to ensure: crime falls at a greater rate than the "
            "national average, over the next 3 years; lower volumes of total crime per 1000 "
            "population than national and peer ('Most Similar Group') forces",
            "Supporting Force and partners in the development and monitoring of a local "
            "Serious and Organised Crime Strategy and Action Plan",
            "Focusing on crime prevention, and supporting the police in delivering and "
            "developing an evidence base of 'what works'",
            "Ensuring continued support to the police in delivering crime prevention training"
            " to staff and partners and increasing the number of people trained",
            "Working with partners and the Force to deliver further initiatives and best "
            "practice to address crime and ASB",
            "Providing opportunities for voluntary and community organisations to bid for "
            "funding to help reduce ASB",
            "Setting up a Victims Commissioning Advisory Board to help me commission activity"
            " to support victims of the most serious crimes; persistently targeted victims; "
            "vulnerable and intimidated victims",
            "Working with partners to continue reducing reoffending, by investing resources "
            "in restorative justice initiatives",
            "Improving the way in which prolific offenders are managed to deliver reductions "
            "in re-offending",
            "Working with key partners to invest additional resources to enhance "
            "joint-working around IMPACT (Integrated Model of Partners Addressing Crime "
            "Together) which concentrates on prolific offenders in each local authority area",
            "Continuing to support the Force with funding to carry out drug tests for those "
            "in custody",
            "Exploring with the Force and partners, in the longer term, the implementation of"
            " a secure homes programme to help keep people safe",
            "Maximising the amount of money seized from criminals which is returned back to "
            "South Yorkshire and invested in greater support for victims",
            "Working with other Police and Crime Commissioners, Councillors and MPs to ensure"
            " a fairer police and community safety funding deal for the people of South "
            "Yorkshire",
            "Working more closely with the National Crime Agency and UK Border Agency to do "
            "more to address drug crime, fraud, guns and knives, people trafficking, "
            "smuggling, money laundering, cyber crime and to reduce reoffending and prolific "
            "offenders",
        ],
    },
    {
        "slug": "protecting-vulnerable-people",
        "title": "Protecting vulnerable people",
        "where_we_are_now": (
            "In 2013/14 I made a significant financial investment to help tackle CSE by "
            "providing extra resources to the Force and increasing the number of "
            "District-based officers by five. The officers are co-located with multi-agency "
            "Protection Units, to ensure the best use of resources, and are supplemented by a"
            " central team of officers that undertake specific investigations across the "
            "county.\n\n"
            "I also set up a strategic Child Sexual Exploitation Forum which brings together "
            "a number of key organisations from across the county. It was at this Forum we "
            "agreed to launch a countywide CSE awareness raising campaign in February 2014.\n\n"
            "In addition I have commissioned Victim Support to provide dedicated support to "
            "victims of child sexual exploitation to help them through the difficult process "
            "of going to court and have agreed to becoming a member of the National Taskforce"
            " on Sexual Violence against Children and Vulnerable People (SCACV) which gives "
            "me an opportunity to shape national thinking and policy making.\n\n"
            "I commissioned HMIC to provide an assessment of the effectiveness of the Force's"
            " approach to protecting children from sexual exploitation and their "
            "recommendations for improvements. Published in November 2013, I am pleased to "
            "say that the recommendations have now been implemented with a further "
            "re-inspection due in 2014. I feel that tackling this heinous crime has been "
            "greatly strengthened over the last year and can assure you that there will be no"
            " let-up in driving best practice in South Yorkshire.\n\n"
            "Moving to my second year in office I have determined the prioritisation of "
            "women's safety so that I better understand the services needed to meet the "
            "policing and crime needs of this vulnerable group.\n\n"
            "The impact on services of domestic abuse is enormous and far-reaching, with "
            "costs estimated nationally at £15.5 billion per year. Following an in-depth "
            "review by my Deputy Police and Crime Commissioner, I am providing additional "
            "funding this year, in conjunction with partners, to include early intervention "
            "and perpetrator programmes, as well as support for victims and their families.\n\n"
            "In addition I am funding an innovative support system for high-risk victims of "
            "domestic abuse which will provide an essential lifeline if victims ever feel in "
            "imminent danger.\n\n"
            "In order to protect vulnerable victims and to reduce the demand on services, the"
            " Chief Constable is reviewing current processes with partners to identify where "
            "there is potential for additional multi-agency support. My aim is for early "
            "intervention, fast response, comprehensive support, and putting the victim at "
            "the front and centre of any process.\n\n"
            "This year I am making further significant financial investments to continue the "
            "work already started in relation to CSE as well as improving women's safety "
            "through the implementation of a 'Platinum Model' for Public Protection Units "
            "(PPU). 'Platinum' offers a significant increase in the services provided to the "
            "public of South Yorkshire. The scheme involves the creation of both CSE and "
            "Domestic Violence Investigation Teams, capable of managing CSE locally and at a "
            "force level, as well as managing all offenders relating to high-risk victims of "
            "domestic abuse and some medium risk cases. This model also shows an increase in "
            "staff on the PPU investigation teams, adult and child safeguarding and VISOR "
            "(the management of sex offenders) and again providing greater resilience and "
            "capacity in relation to adult and child abuse management and investigations. "
            "This equates to an increase in funding of nearly £5m into this area of business,"
            " which will take South Yorkshire Police from the bottom quartile to the upper "
            "quartile of forces in relation to the allocation of resources to public "
            "protection duties.\n\n"
            "I welcomed the new Victims' Code which will enable victims to read out a "
            "personal statement in court to be taken into account by judges when sentencing "
            "offenders. However I have already put additional measures in place to make sure "
            "that we are more victim-focussed when it comes to dealing with crime in South "
            "Yorkshire and I will continue to develop this approach.\n\n"
            "Across South Yorkshire, there are significant risks for those vulnerable people "
            "with mental health issues and serious drug and / or alcohol dependency. The "
            "Government is currently reviewing the operation of Sections 135 and 136 of the "
            "Mental Health Act 1983 to make sure that the legislative framework offers the "
            "right support for people at the right time. These parts of the legislation give "
            "the police powers to temporarily remove people who appear to be suffering from a"
            ' mental health crisis to a "place of safety", so that a mental health assessment'
            " can be carried out and appropriate arrangements made for their care. I await "
            "the outcome of this review, and will then have discussions with the Chief "
            "Constable and partners, before determining my approach.\n\n"
            "Work has taken place nationally around a Mental Health Concordat, which aims to "
            "bring partners together to collectively and collaboratively deliver the right "
            "services for these vulnerable people. I will be carrying out further work this "
            "year with partners to better understand the issues and challenges for community "
            "safety, criminal justice and health agencies around those with mental health "
            "problems and serious drug or alcohol dependency. This is likely to include the "
            "commissioning of a feasibility study into the benefits, costs, and timescales of"
            " providing a centralised and specialist rehabilitation unit.\n\n"
            "I welcome new legislation proposed in the draft Modern Slavery Bill and will "
            "continue to pay close attention to the impact this and other serious crimes, "
            "such as Hate Crime and Human Trafficking, have on our communities in South "
            "Yorkshire to ensure these areas of crime receive the appropriate attention. I "
            "will be inviting the Chief Constable to provide me with his professional opinion"
            " on the level of risk these crime types have on our communities and any changes "
            "this may bring in relation to the priorities for South Yorkshire Police."
        ),
        "outcomes": [
            "Partners working together to deliver joined-up services which focus on meeting "
            "the needs of the most vulnerable in South Yorkshire",
            "Services that are accessible and available to those who need them the most",
            "Vulnerable people feeling safer in their homes, and in their communities",
            "Victims feel more confident in reporting incidents of crime and ASB",
        ],
        "commitments": [
            "Encouraging vulnerable victims to report incidents of crime and ASB",
            "Supporting the delivery and implementation of a 'Platinum' PPU service within "
            "South Yorkshire Police",
            "Bringing together key partners to improve communication, develop joint "
            "protocols, and share good practice around CSE",
            "Investing in providing enhanced services for young victims of crime",
            "Increasing the number of young victims receiving support via a Young Witness Service",
            "Maintaining the number of Children's and Young Person Police Officers",
            "Working with key partners to increase the number of successful outcomes for "
            "violence against women and girls, domestic abuse, sexual assault, rape, stalking"
            " and harassment",
            "Working with key partners to ensure the 'Government Action Plan for Violence "
            "Against Women and Girls' is delivered",
            "Supporting active monitoring and management of serial perpetrators of domestic "
            "and sexual violence, and stalking",
            "Developing more effective working with the CPS to secure more successful "
            "outcomes for victims",
            "Commissioning the development of an evidence-based drugs and alcohol strategy "
            "which identifies the activity required and associated costs and timescales, to "
            "reduce levels of anti-social behaviour, violent crime and domestic abuse",
            "Commissioning a feasibility study around the development of a specialised / "
            "co-ordinated centralised rehabilitation unit",
            "Investing in training to increase the numbers of people trained to identify "
            "signs of financial or physical abuse of older people",
        ],
    },
    {
        "slug": "improving-visible-policing",
        "title": "Improving visible policing",
        "where_we_are_now": (
            "Across South Yorkshire, there are sixty-two Safer Neighbourhood Teams (SNTs) "
            "operating at a local level developing and maintaining links with the communities"
            " they serve. These Teams are made up of police officers, PCSOs and council "
            "staff, whose entire remit is to focus on the needs of the local community.\n\n"
            "South Yorkshire Police and I use a wide range of different methods, including "
            "social media, to increase your awareness of the work of the police. However, I "
            "feel more can be done to increase police visibility, both physically and "
            "practically, to help people feel safer and to assist in the reduction of crime "
            "and ASB.\n\n"
            "At my request, the Force has developed a plan to increase the visibility of "
            "officers, and increase the feeling of a police presence on our streets. Some of "
            "this has already taken place for example, by increasing the number of officers "
            "wearing uniform; increasing the number of marked police vehicles; increasing the"
            " size and availability of the Special Constabulary; increasing the use of "
            "volunteers; expanding the use of social media; and improving signage of the "
            "police estate so that our buildings are more identifiable.\n\n"
            "I commissioned a review of the Partners and Communities Together 'PACT' meetings"
            " last year, and will be launching a new style approach shortly. My focus this "
            "year is to encourage all SNTs to further develop their engagement plans with the"
            " communities of South Yorkshire, as well as increasing patrols in those areas "
            "you have told me are important to you.\n\n"
            "Last year, and in collaboration with Humberside's Police and Crime Commissioner,"
            " I was able to secure a grant of £1.3m from the Home Office's Innovation Fund. "
            "This grant together with a further £0.9m contribution from Humberside and South "
            "Yorkshire is supporting the delivery of a mobile technology project across both "
            "forces. I am confident you will see and feel a greater police presence on the "
            "streets of South Yorkshire as I continue to provide funding to improve the "
            "technology, and its use, by officers within the Force."
        ),
        "outcomes": [
            "People feel more safe",
            "Fewer incidents of crime and ASB",
            "More officers and volunteers who are reflective of the communities they serve",
            "Improved public confidence and victim satisfaction with the police",
            "The right people, in the right place, at the right time, doing the right thing",
        ],
        "commitments": [
            "Placing a strong emphasis on maintaining the Neighbourhood Policing model",
            "Implementing a new Force-wide operating model, focusing on the flexibility of "
            "resources, visibility and local policing",
            "Ongoing development and monitoring of the Force's Visibility Strategy and "
            "associated action plan",
            "Increasing the number of police officers, staff and volunteers who will be "
            "easily identifiable as working for South Yorkshire Police, and maintaining a "
            "police presence in local neighbourhoods",
            "Increasing the number of Special Constables and Police Volunteers, in particular"
            " those from BME backgrounds",
            "Ensuring sickness absence for police officers and staff is effectively managed",
            "Working with partners to maximise the uniformed presence in those areas "
            "identified as requiring a police presence",
            "Maintaining the number of PCSOs (328) in 2014/15",
            "Developing, improving and monitoring Engagement Strategies and approaches, "
            "including the use of social media; to hear the views of all communities",
            "Increasing in the amount of media engagements reported in print, social and "
            "broadcast media",
            "Improving the management and resolution of reported incidents",
            "Increasing levels of public satisfaction and confidence",
            "Monitoring complaints against the police",
            "Ensuring complaints against the police are managed effectively and "
            "professionally and in accordance with policies and procedures",
            "Utilising the Home Office 'Innovation Fund' to support projects around IT & "
            "Mobile working",
            "Using technological advances to provide remote exact location of officers and "
            "staff to aid the deployment of resources to incidents and response to community "
            "concerns",
        ],
    },
]

YEAR_2013 = ("January to December 2013", datetime.date(2013, 12, 31))
SOURCE = "South Yorkshire Police and Crime Plan 2013-17, refreshed April 2014"
# (priority slug, measure slug, name, unit, higher is better, description, [(period, end, value)])
MEASURES = [
    (
        "reducing-crime-and-anti-social-behaviour",
        "recorded-crime-change",
        "Change in recorded crime on the year before",
        "%",
        False,
        "Recorded crime compared with the same period a year earlier.",
        [(*YEAR_2013, "-3")],
    ),
    (
        "reducing-crime-and-anti-social-behaviour",
        "recorded-crime-change-number",
        "Change in the number of recorded crimes on the year before",
        "crimes",
        False,
        "A fall of 3% in January to December 2013 equals 3,040 fewer crimes than in 2012.",
        [(*YEAR_2013, "-3040")],
    ),
    (
        "reducing-crime-and-anti-social-behaviour",
        "anti-social-behaviour-change",
        "Change in anti-social behaviour incidents on the year before",
        "%",
        False,
        "Anti-social behaviour incidents compared with the same period a year earlier.",
        [(*YEAR_2013, "-5")],
    ),
    (
        "reducing-crime-and-anti-social-behaviour",
        "anti-social-behaviour-change-number",
        "Change in the number of anti-social behaviour incidents on the year before",
        "incidents",
        False,
        "A fall of 5% in January to December 2013 equals 4,247 fewer incidents than in 2012.",
        [(*YEAR_2013, "-4247")],
    ),
    (
        "reducing-crime-and-anti-social-behaviour",
        "reoffending-rate",
        "Reoffending rate",
        "%",
        False,
        "The share of offenders who reoffend. The latest data, to September 2013, was "
        "11.83% "
        "below the rate predicted from a 2007/2008 baseline.",
        [("To September 2013", datetime.date(2013, 9, 30), "10.05")],
    ),
    (
        "improving-visible-policing",
        "special-constables",
        "Special Constables",
        "Special Constables",
        True,
        "Full-time equivalent, at 31 March. The plan aims for 650 by April 2015.",
        [
            ("31 March 2013", datetime.date(2013, 3, 31), "306"),
            ("31 March 2014", datetime.date(2014, 3, 31), "410"),
        ],
    ),
    (
        "improving-visible-policing",
        "police-community-support-officers",
        "Police Community Support Officers (PCSOs)",
        "PCSOs",
        True,
        "Full-time equivalent, at 31 March. The plan keeps 328 PCSOs in 2014/15.",
        [
            ("31 March 2013", datetime.date(2013, 3, 31), "328"),
            ("31 March 2014", datetime.date(2014, 3, 31), "328"),
        ],
    ),
]

# The seeds give no figure by district for any of the plan's measures. This sample, which says so
# on the page, shows how the priority page compares the four districts.
SAMPLE_DISTRICT_MEASURE = "sample-measure-by-district"
SAMPLE_DISTRICT_READINGS = [
    ("barnsley", "100"),
    ("doncaster", "150"),
    ("rotherham", "125"),
    ("sheffield", "250"),
]

# (label, 2013/14 £m, 2014/15 £m)
FUNDING = [
    ("Government Grant", "209.0", "199.6"),
    ("Precept income", "45.8", "47.3"),
    ("Collection fund surplus", "0.3", "0.7"),
    ("Use of Reserves", "1.5", "6.7"),
]
FUNDING_NOTE = (
    "Use of Reserves includes £1.5m allocated to partner organisations for community "
    "safety "
    "projects in both years."
)

WORKFORCE_DATES = [
    (datetime.date(2013, 3, 31), False),
    (datetime.date(2014, 3, 31), False),
    (datetime.date(2015, 3, 31), True),
]
WORKFORCE = [
    ("Police Officers", [2760, 2720, 2620]),
    ("Police Staff", [1985, 1799, 1649]),
    ("PCSOs", [328, 328, 328]),
    ("Special Constabulary", [306, 410, 650]),
]
WORKFORCE_NOTE = (
    "All figures are full-time equivalent. Police Staff is the permanent police staff"
    " strength. "
    "The figures for 31 March 2015 are the plan's projection."
)

GLOSSARY = [
    ("ASB", "Anti-social Behaviour"),
    ("BME", "Black and Minority Ethnic"),
    ("CSE", "Child Sexual Exploitation"),
    ("CPS", "Crown Prosecution Service"),
    ("HMIC", "Her Majesty's Inspectorate of Constabulary"),
    ("IAG", "Independent Advisory Group"),
    ("MSG", "Most Similar Group of forces"),
    ("PACT", "Partners and Community Together"),
    ("PCSOs", "Police Community Support Officers"),
    ("SPR", "Strategic Policing Requirement"),
    ("VFM", "Value for Money"),
]

REVIEW_SUMMARY = (
    "The panel considered the refreshed plan at its meeting on 2 May 2014, as agenda item 6: "
    '"Report of the Police and Crime Commissioner - Refreshed Police and Crime Plan".'
)


def load():
    pcc, _ = Office.objects.get_or_create(name=PCC)
    Office.objects.get_or_create(name=MAYOR, defaults={"deputy_title": MAYORS_DEPUTY})
    holders = {
        name: OfficeHolder.objects.get_or_create(
            office=pcc,
            name=name,
            defaults={"role": OfficeHolder.Role.HOLDER, "start_date": start, "end_date": end},
        )[0]
        for name, (start, end) in HOLDERS.items()
    }
    plan, _ = Plan.objects.get_or_create(
        slug=PLAN_SLUG,
        defaults={
            "title": "South Yorkshire Police and Crime Plan (refreshed April 2014)",
            "period": "2013-17",
            "office_holder": holders[PLAN_HOLDER],
            "status": Plan.Status.CURRENT,
            # The seed gives the month of the refresh, not the day.
            "published_on": datetime.date(2014, 4, 1),
            "vision": VISION,
            "mission": MISSION,
            "summary": SUMMARY,
            "funding_previous_year": "2013/14",
            "funding_current_year": "2014/15",
            "funding_note": FUNDING_NOTE,
            "workforce_note": WORKFORCE_NOTE,
        },
    )
    first_plan = load_first_plan(holders[PLAN_HOLDER])
    if plan.refreshes is None:
        plan.refreshes = first_plan
        plan.save()
    priorities = {}
    for order, data in enumerate(PRIORITIES, start=1):
        summary = PRIORITY_SUMMARIES.get(data["slug"], "")
        priority, _ = Priority.objects.get_or_create(
            plan=plan,
            slug=data["slug"],
            defaults={
                "order": order,
                "title": data["title"],
                "summary": summary,
                "where_we_are_now": data["where_we_are_now"],
            },
        )
        if summary and not priority.summary:
            priority.summary = summary
            priority.save()
        priorities[priority.slug] = priority
        for index, text in enumerate(data["outcomes"], start=1):
            Outcome.objects.get_or_create(priority=priority, order=index, defaults={"text": text})
        for index, text in enumerate(data["commitments"], start=1):
            Commitment.objects.get_or_create(
                priority=priority, order=index, defaults={"text": text}
            )
    for priority_slug, slug, name, unit, higher, description, readings in MEASURES:
        measure, _ = Measure.objects.get_or_create(
            slug=slug,
            defaults={
                "priority": priorities[priority_slug],
                "name": name,
                "unit": unit,
                "higher_is_better": higher,
                "source": SOURCE,
                "description": description,
            },
        )
        for period, period_end, value in readings:
            MeasureReading.objects.get_or_create(
                measure=measure,
                period_end=period_end,
                area=MeasureReading.Area.SOUTH_YORKSHIRE,
                defaults={"period": period, "value": Decimal(value)},
            )
    load_sample_district_measure(priorities["reducing-crime-and-anti-social-behaviour"])
    for order, (label, previous, current) in enumerate(FUNDING, start=1):
        FundingLine.objects.get_or_create(
            plan=plan,
            order=order,
            defaults={
                "label": label,
                "amount_previous": Decimal(previous),
                "amount_current": Decimal(current),
            },
        )
    for order, (group, values) in enumerate(WORKFORCE, start=1):
        for (as_at, projected), value in zip(WORKFORCE_DATES, values, strict=True):
            WorkforceFigure.objects.get_or_create(
                plan=plan,
                staff_group=group,
                as_at=as_at,
                defaults={"order": order, "value": value, "projected": projected},
            )
    for term, definition in GLOSSARY:
        GlossaryTerm.objects.get_or_create(
            plan=plan, term=term, defaults={"definition": definition}
        )
    # The seeds record one step only: the agenda of the panel's meeting on 2 May 2014.
    PlanVariationStep.objects.get_or_create(
        plan=plan,
        step=PlanVariationStep.Step.PANEL_REVIEW,
        date=datetime.date(2014, 5, 2),
        defaults={"summary": REVIEW_SUMMARY},
    )


def load_first_plan(holder):
    """The plan of 2013 that the refresh replaced, with only what the seeds say of it."""
    plan, _ = Plan.objects.get_or_create(
        slug=FIRST_PLAN_SLUG,
        defaults={
            "title": "South Yorkshire Police and Crime Plan (first published 2013)",
            "period": "2013-17",
            "office_holder": holder,
            "status": Plan.Status.SUPERSEDED,
            # Approximate, and the page says so: the seeds give the year only.
            "published_on": datetime.date(2013, 3, 31),
            "vision": VISION,
            "summary": FIRST_PLAN_SUMMARY,
        },
    )
    for order, data in enumerate(PRIORITIES, start=1):
        Priority.objects.get_or_create(
            plan=plan,
            slug=data["slug"],
            defaults={
                "order": order,
                "title": data["title"],
                "summary": FIRST_PLAN_PRIORITY_SUMMARIES.get(data["slug"], ""),
            },
        )
    return plan


def load_sample_district_measure(priority):
    measure, _ = Measure.objects.get_or_create(
        slug=SAMPLE_DISTRICT_MEASURE,
        defaults={
            "priority": priority,
            "name": "Sample measure (not real figures)",
            "unit": "incidents",
            "higher_is_better": False,
            "source": "sample content made up for the demonstration",
            "description": "Sample content: the plan gives no figures by district, so these are "
            "made up, only to show how this page compares Barnsley, Doncaster, Rotherham and "
            "Sheffield. They are not real.",
        },
    )
    for area, value in SAMPLE_DISTRICT_READINGS:
        MeasureReading.objects.get_or_create(
            measure=measure,
            period_end=datetime.date(2014, 3, 31),
            area=area,
            defaults={"period": "Sample year", "value": Decimal(value)},
        )


def clear():
    Measure.objects.filter(
        slug__in=[measure[1] for measure in MEASURES] + [SAMPLE_DISTRICT_MEASURE]
    ).delete()
    # The refresh first: it points to the plan it refreshes.
    Plan.objects.filter(slug=PLAN_SLUG).delete()
    Plan.objects.filter(slug=FIRST_PLAN_SLUG).delete()
    OfficeHolder.objects.filter(office__name=PCC, name__in=HOLDERS).delete()
    Office.objects.filter(name__in=[PCC, MAYOR], holders__isnull=True).delete()
