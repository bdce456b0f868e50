"""
The demo meetings: the Police and Crime Panel as its papers of spring 2014 record it.

Members, venues, dates, agenda titles, minutes and resolutions are from the seed documents: the
minutes of 31 March 2014 are quoted as the panel wrote them, the reports of 2 May 2014 are condensed
with their facts, figures and recommendations. The seeds hold no agenda for 31 March 2014, so its
items are numbered in the order of its minutes. One upcoming meeting, a few weeks after the day the
demo is loaded, is sample content and says so. `load()` is safe to run again: it changes nothing
that is already there, except to move the sample meeting on once its date has passed.
"""

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from meetings.models import (
    Action,
    ActionResponse,
    AgendaItem,
    Attachment,
    Attendance,
    Committee,
    Council,
    Meeting,
    Member,
    Membership,
    Minute,
    Paper,
    Resolution,
)
from meetings.pdf import text_pdf
from plans import demo as plans_demo
from plans.models import PlanVariationStep, Priority

PANEL = "police-and-crime-panel"
WEBSITE_GROUP = "website-task-and-finish-group"
SAMPLE_SLUG = "sample-meeting"
MARCH = "police-and-crime-panel-2014-03-31"
MAY = "police-and-crime-panel-2014-05-02"
JULY = "police-and-crime-panel-2014-07-30"
JANUARY = "police-and-crime-panel-2014-01-31"
VENUE = ("Town Hall", "Moorgate Street\nRotherham\nS60 2TH")

COUNCILS = [
    "Barnsley Metropolitan Borough Council",
    "Doncaster Metropolitan Borough Council",
    "Rotherham Metropolitan Borough Council",
    "Sheffield City Council",
]
# (slug, title, name, council or None for co-opted, role); the panel as at 31 March 2014.
MEMBERS = [
    ("r-sixsmith", "Councillor", "R. Sixsmith", COUNCILS[0], "member"),
    ("m-dyson", "Councillor", "M. Dyson", COUNCILS[0], "member"),
    ("p-bartlett", "Councillor", "P. Bartlett", COUNCILS[1], "member"),
    ("j-mchale", "Councillor", "J. McHale", COUNCILS[1], "member"),
    ("j-akhtar", "Councillor", "J. Akhtar", COUNCILS[2], "chair"),
    ("t-sharman", "Councillor", "T. Sharman", COUNCILS[2], "member"),
    ("r-davison", "Councillor", "R. Davison", COUNCILS[3], "member"),
    ("t-hussain", "Councillor", "T. Hussain", COUNCILS[3], "member"),
    ("h-harpham", "Councillor", "H. Harpham", COUNCILS[3], "member"),
    ("a-carter", "Mr.", "A. Carter", None, "co_opted"),
    ("k-walayat", "Mr.", "K. Walayat", None, "co_opted"),
]
# What the seeds say of each member, in our words: their council and role on the panel in spring
# 2014, and what the minutes or reports record them doing. The seeds name no member's party.
SOURCE_NOTE = "From the panel's papers of spring 2014."
PEN_PORTRAITS = {
    "r-sixsmith": "One of Barnsley Metropolitan Borough Council's councillors on the panel. At "
    "the meeting of 31 March 2014 Councillor Ralph Sixsmith reported on work in Barnsley on "
    "anti-social behaviour, child sexual exploitation and absconding behaviour.",
    "m-dyson": "One of Barnsley Metropolitan Borough Council's councillors on the panel.",
    "p-bartlett": "One of Doncaster Metropolitan Borough Council's councillors on the panel.",
    "j-mchale": "One of Doncaster Metropolitan Borough Council's councillors on the panel.",
    "j-akhtar": "Chairman of the panel, and one of Rotherham Metropolitan Borough Council's "
    "councillors on it. Chaired the meeting of 31 March 2014.",
    "t-sharman": "One of Rotherham Metropolitan Borough Council's councillors on the panel.",
    "r-davison": "One of Sheffield City Council's councillors on the panel.",
    "t-hussain": "One of Sheffield City Council's councillors on the panel.",
    "h-harpham": "One of Sheffield City Council's councillors on the panel.",
    "a-carter": "A co-opted independent member of the panel, not a councillor. Mr Alan Carter "
    "chaired the panel's Website Task and Finish Group, which met on 8 April 2014 and recommended "
    "a website for the panel.",
    "k-walayat": "A co-opted independent member of the panel, not a councillor.",
}
# Who the minutes of 31 March 2014 record as present, and who sent apologies.
APOLOGIES_2014_03_31 = ["m-dyson", "h-harpham"]

# (number, heading, text, resolutions), quoted from the minutes as the panel wrote them.
MINUTES_2014_03_31 = [
    (
        "J32",
        "Questions from members of the public",
        "(1) A member of the public asked would Elected Members please summarise their "
        "efforts to publicise these Panel meetings in their own Council areas to "
        "increase awareness and involvement by the public and community groups "
        "throughout South Yorkshire?\n"
        "\n"
        "The Chairman advised the member of the public that he would consult with the "
        "Police and Crime Panel and respond to the question in writing.\n"
        "\n"
        "(2) A further member of the public asked for updates please on initiatives to "
        "make the Panel's proceedings more user-friendly, as previously minuted?\n"
        "\n"
        "E.g. Website development (J28), Guidance on Complaints Procedures (J30), Notice "
        "of Public Questions (written questions take precedence, but if time allows, "
        "should relevant questions from the public bench be considered, at the Chair's "
        "discretion?)\n"
        "\n"
        "The Chairman confirmed that in relation to website development, this work was "
        "now progressing. It was also pointed out that the complaints procedure had been "
        "updated and was available on the Council's website. The procedure set out the "
        "arrangements for the consideration of complaints by the Panel alongside links "
        "to the websites of the Police and Crime Commissioner and the Independent Police "
        "Complaints Commission.\n"
        "\n"
        "With regards to questions from members of the public, the Chairman advised that "
        "the Panel's Terms of Reference had been revised to include the procedure for "
        "public questions and had no wish to deviate from the arrangements that had been "
        "formally agreed.",
        [],
    ),
    (
        "J33",
        "Minutes of the previous meeting held on 31st January, 2014",
        "Consideration was given to the minutes of the previous meeting held on 31st "
        "January, 2014.",
        [
            "That the minutes of the previous meetings held on 31st January, 2014 be agreed "
            "as a true record."
        ],
    ),
    (
        "J34",
        "Sub regional priorities - verbal report from scrutiny panels",
        "Further to Minute No. 19 of the meeting of the Panel held on 2nd December, "
        "2013, Deborah Fellowes, Scrutiny Manager, referred to the recommendation of the "
        "training session which was held in November, 2013 about the development of "
        "protocols in conjunction with the Commissioner, Community Safety Partnerships, "
        "Local Authority Scrutiny Panels and Criminal Justice Board.\n"
        "\n"
        "It was suggested as part of this recommendation that Chairmen of the four Local "
        "Authority Scrutiny Panels or their representatives be invited to share their "
        "emerging priorities and work programmes to ascertain how a joint working "
        "protocol could be taken forward.\n"
        "\n"
        "The Chairman introduced the various representatives from the South Yorkshire "
        "Crime and Disorder Scrutiny Panels who each gave report on the work currently "
        "being undertaken.\n"
        "\n"
        "Caroline Martin, representing Doncaster Metropolitan Borough Council, confirmed "
        "that the work programme for the Crime and Disorder Committee was to be agreed "
        "next week, but gave an update on the work so far on domestic violence and "
        "support for high risk victims, including children, the perpetrator programme, "
        "performance of the Safer Doncaster Partnership and their work around "
        "anti-social behaviour, reductions in reoffending for youth offenders and the "
        "availability of support and legal highs. The work of the Crime and Disorder "
        "Committee was fluid and reactive throughout the year.\n"
        "\n"
        "Councillor Sioned-Mair Richards, representing Sheffield City Council, reported "
        "on the sub-regional priorities and confirmed that a report was received "
        "annually by the Safer Stronger Communities Scrutiny Panel around the work of "
        "the community safety partners. Plans for joint working were welcomed especially "
        "around the similar problems with anti-social behaviour.\n"
        "\n"
        "Councillor Glyn Whelbourn, Chairman of Rotherham's Overview and Scrutiny "
        "Management Board, confirmed that a report from the Safer Rotherham Partnership "
        "was received annually and during November/December consideration was given to "
        "specific issues of anti-social behaviour and changing policy across Rotherham, "
        "child sexual exploitation and domestic violence. A copy of the recent Scrutiny "
        "Review into Domestic Violence had already been forwarded to the Chief Constable "
        "and which could provide a platform for taking this joint work forward with a "
        "view to pooling resources across South Yorkshire.\n"
        "\n"
        "Councillor Ralph Sixsmith, representing Barnsley Metropolitan Borough Council, "
        "shared information on the work that had already taken place around anti-social "
        "behaviour, ways to address child sexual exploitation and absconding behaviour. "
        "New governance arrangements were also now in operation in Barnsley and the "
        "Police and Crime Commissioner had been out to visit some wards where "
        "anti-social behaviour was an issue and resources targeted appropriately.\n"
        "\n"
        "The Chairman summarised the information that had been shared at today's meeting "
        "and reflected that all four Local Authorities had similar problems with "
        "domestic abuse, anti-social behaviour and child sexual exploitation.",
        [
            "That all those represented today be thanked for their information and input.",
            "That the information shared be noted.",
        ],
    ),
    (
        "J35",
        "Joint working protocols",
        "Consideration was given to a report presented by Deborah Fellowes, Scrutiny "
        "Manager, which provided the Panel with proposals to establish joint working "
        "protocols with the four Crime and Disorder Scrutiny Committees across Barnsley, "
        "Rotherham, Doncaster and Sheffield.\n"
        "\n"
        "The Panel noted that all Local Authorities have a statutory requirement to "
        "establish a Crime and Disorder Committee whose purpose was to scrutinise the "
        "work of the local Crime and Disorder Partnership. This did not have to be a "
        "standalone committee and many local authorities have subsumed this role within "
        "one of their existing Scrutiny committees or panels.\n"
        "\n"
        "Members from these four committees and their supporting officers were invited "
        "to the Panel's development day in November, 2013. It was felt that there was "
        "ground to be gained by working closely together with these four committees and "
        "sharing information about work programmes to develop South Yorkshire priorities "
        "which can inform the work programme of the Police and Crime Panel. Access to "
        "local information about the performance of Crime and Disorder Partnerships was "
        "also felt to be crucial for the Panel in terms of triangulation of evidence it "
        "may receive in as part of scrutinising the work of the Police and Crime "
        "Commissioner. As such, in a report to the Panel on the 2nd December 2013, it "
        "was agreed that the following were required:-\n"
        "\n"
        "- A clear understanding of roles and responsibilities between the partners be "
        "required and agreed through protocols.\n"
        "- Local Authority Scrutiny Panels should share work programmes with the Police "
        "and Crime Panel to help with the development of South Yorkshire wide "
        "priorities.\n"
        "\n"
        "It was hoped that the report would stimulate the discussions around the "
        "establishment of a joint working protocol between the Police and Crime Panel "
        "and the four Crime and Disorder Committees and could lead to a formal working "
        "arrangement.\n"
        "\n"
        "The appendices attached to the report contain two examples of such working "
        "protocols and the Panel were requested to consider which elements of these "
        "examples would usefully be included in a first draft for South Yorkshire. It "
        "was then proposed to discuss this draft further with the four Crime and "
        "Disorder Committees prior to agreeing it in its final format.\n"
        "\n"
        "Jo Sykes, an officer from Sheffield City Council and an Independent Member of "
        "West Yorkshire Police and Crime Panel, gave a brief overview of the success of "
        "the protocol serving West Yorkshire, how it assisted the Panel with recognising "
        "the needs and concerns of local communities, how it assisted with holding the "
        "Police and Crime Commissioner to account, working in partnership at Panel "
        "Meetings, how to influence the Police and Crime Plan and the regular exchange "
        "of information and intelligence, co-ordinating work programmes and alignment of "
        "membership where possible.\n"
        "\n"
        "The Panel welcomed the opportunity for joint working with the aim of pooling "
        "resources to tackle similar elements of concern such as domestic abuse, "
        "anti-social behaviour and child sexual exploitation, the sharing of good "
        "practice to avoid duplication and suggested that officers draw up a similar "
        "joint working protocol based on the evidence and success of the two protocol "
        "examples submitted and for this to be presented for consideration at a future "
        "meeting once this had been shared with the four Crime and Disorder Committees.",
        [
            "That a draft working protocol be developed and agreed with the four Crime and "
            "Disorder Scrutiny Committees.",
            "That the Joint Working Protocol be submitted to a future meeting for approval.",
        ],
    ),
    (
        "J36",
        "Police and Crime Panels - the first year",
        "Consideration was given to a report presented by Deborah Fellowes, Scrutiny "
        "Manager, which provided details of a report from the Centre for Public Scrutiny "
        'entitled "Police and Crime Panels: the first year" and a helpful overview of '
        "the challenges identified during the first year of operation.\n"
        "\n"
        "Reference was made to the issues highlighted in the report, particularly in "
        "respect of scrutiny and development of the budget and how the Panel may develop "
        "its work in these areas. The report also highlighted what good Police and Crime "
        "Panels looked like and some progress had already been made in this area.\n"
        "\n"
        "The report also referred to the joint working protocols between the Panel and "
        "the Police and Crime Commissioner and this Panel had established early in its "
        "formation a Memorandum of Understanding with the Police and Crime Commissioner "
        "and it was probably timely for this to be revisited.\n"
        "\n"
        "Reference was also made to the tools and resources available to the Panel to "
        "ensure it remained effective and whether there needed to be further exploration "
        "of this in the future.\n"
        "\n"
        "The Panel having considered the report were in agreement that the Memorandum of "
        "Understanding should be reviewed, that consideration should be given to joint "
        "working with further exploration about the resources available to the Panel and "
        "were confident that the work that had now commenced on the website would seek "
        "to improve communication and transparency.\n"
        "\n"
        "The report also made reference to the role of Independent Members and the value "
        "of the expertise and perspective they provided alongside the background and "
        "knowledge of Elected Members with some further consideration being given to "
        "additional training.\n"
        "\n"
        "The suggestion that Panel Members should receive quarterly finance, performance "
        "and risk monitoring reports against the Police and Crime Commissioner's "
        "priorities was welcomed and this was something the Panel wished to progress "
        "further.",
        [
            'That the report be received and the contents of the CfPS report "Police and '
            'Crime Panels: the first year" be noted.',
            "That the Monitoring Officer be responsible for collating and submitting the "
            "recommendations to the Police and Crime Commissioner that would improve the "
            "scrutiny of his priorities.",
            "That the Memorandum of Understanding be subject to further consideration and "
            "review and any revisions agreed formally by the Police and Crime Panel.",
        ],
    ),
    (
        "J37",
        "Work programme and meeting dates 2014/15",
        "Further to Minute No. 29 of the meeting of the Police and Crime Panel held on "
        "31st January, 2014, consideration was given to a report presented by Deborah "
        "Fellowes, Scrutiny Manager, confirming details of the work going forward for "
        "the Panel and the dates for 2014/15.\n"
        "\n"
        "Dates for the Task and Finish Groups would be confirmed going forward, "
        "especially around the Performance Management Framework and Domestic Abuse.\n"
        "\n"
        "The next meeting would see agenda items on the refreshed Police and Crime Panel "
        "and the Police and Crime Commissioner's response to the H.M.I.C. report on "
        "child sexual exploitation.",
        ["That the report be received and the contents/dates duly noted."],
    ),
]

PLAN_REFRESH_REPORT = """\
### Summary

The Police Reform and Social Responsibility Act 2011 requires the Police and Crime Commissioner to
issue a Police and Crime Plan in the financial year of his election. The Commissioner published his
first five-year plan in 2013. The Act lets him vary the plan, in consultation with the Chief
Constable and having regard to any recommendations of the panel.

Before issuing or varying a plan the Commissioner must:

- prepare a draft of the plan or variation;
- consult the chief constable in preparing it;
- send the draft to the police and crime panel;
- have regard to any report or recommendations the panel makes on it;
- give the panel a response to any such report or recommendations; and
- publish that response.

### Recommendation

That the panel receives the draft Police and Crime Plan 2013-17 Refresh and gives the Commissioner
its comments before 7 May 2014.

### Proposals and details

The Commissioner's three strategic priorities are unchanged:

- Reducing crime and anti-social behaviour
- Protecting vulnerable people
- Improving visible policing

The plan has been refreshed to shift the focus within these priorities in his second year of
office. It sets out, for each priority, where we are now, where we want to be and how we are going
to get there.

### Finance

The Commissioner has allocated the force a budget of £239.8m for 2014/15. The panel has already
considered the budget and the council tax precept for 2014/15.

### Risks and uncertainties

Beyond the austerity measures across the public sector, the report notes that the Commissioner's
reserves, broadly in line with other metropolitan policing areas, remain vulnerable to the outcome
of "Special Grant" applications then with the Home Office.

### Background papers

Available for inspection at the Office of the Police and Crime Commissioner, 18 Regent Street,
Barnsley, S70 2HG.
"""

# The 13 recommendations are quoted from HMIC's report, with the time scale it set for each.
HMIC_RECOMMENDATIONS = [
    (
        "Immediate",
        "The force should review the management of cases by staff in the dedicated child sexual "
        "exploitation teams, and ensure this always complies with statutory child protection "
        "guidance.",
    ),
    (
        "Immediate",
        "The force should communicate and explain to the PCC, staff and other interested parties "
        "the delay in deploying the ten additional child sexual exploitation officers to the "
        "districts.",
    ),
    (
        "Immediate",
        "Failure to fill a vacancy in the Rotherham team that manages sex offenders means that the "
        "remaining officers face an unmanageable workload. The force should review the team to "
        "ensure that it has sufficient staff to manage sex offenders in line with national "
        "guidance.",
    ),
    (
        "Immediate",
        "The force should audit its response to child sexual exploitation, to assess whether the "
        "changes it is making are having the desired effect (ie improving outcomes for children), "
        "and to identify any further work that is required.",
    ),
    (
        "Within three months",
        "The force should review its internal communication regarding child sexual exploitation "
        "and ensure that clear, consistent messages are passed to all officers and staff. The "
        "messages should ensure that everyone knows which chief officer is the lead on tackling "
        "child sexual exploitation.",
    ),
    (
        "Within three months",
        "The force should review the tool used to assess the risk of child sexual exploitation to "
        "ensure it provides the best possible reflection of the level of risk faced by victims. "
        "This could involve additional training for those using the tool, or a change to the "
        "scoring mechanism used to calculate the level of risk.",
    ),
    (
        "Within three months",
        "The force should translate the PCC's strategic priorities into operational delivery on "
        "the ground.",
    ),
    (
        "Within three months",
        "The force should review the workloads of all staff within public protection units to "
        "ensure they have the capacity to manage effectively the cases they are allocated.",
    ),
    (
        "Within six months",
        "The force should review its training plan to ensure all staff develop and sustain a good "
        "understanding of child sexual exploitation.",
    ),
    (
        "Within six months",
        "The force should review the processes in place to respond to child sexual exploitation "
        "in all four districts, with a view to creating greater uniformity, and ensuring all "
        "areas attain the high standards achieved in the Sheffield district.",
    ),
    (
        "Within six months",
        "The force should review the operation of its local intelligence units to ensure child "
        "sexual exploitation is thoroughly supported by an intelligence approach.",
    ),
    (
        "Within six months",
        "The force should review how it monitors the internet for evidence of child sexual "
        "exploitation to ensure intelligence opportunities are not being overlooked.",
    ),
    (
        "Within six months",
        "The force and its partners should examine how it can more efficiently manage the "
        "handling of child sexual exploitation information and intelligence. In particular, the "
        "difficulty in sharing information with the multi-agency teams at Doncaster and "
        "Rotherham (because of incompatible information and intelligence IT systems) should be "
        "resolved.",
    ),
]

HMIC_REPORT = (
    """\
### Summary

This report tells the panel about the report of Her Majesty's Inspectorate of Constabulary (HMIC),
*South Yorkshire Police's Response to Child Sexual Exploitation*, and the Commissioner's response
to it.

### Recommendation

That the panel notes the report and comments on any matters arising.

### Proposals and details

The Commissioner decided that protecting vulnerable children, particularly those at risk of child
sexual exploitation (CSE), should be an immediate priority. In 2013/14 he:

- gave the force extra resources for CSE and increased the number of district-based officers by
  five, co-located with the multi-agency protection units and backed by a central team;
- set up a strategic CSE forum of key organisations across the county, which agreed a countywide
  CSE awareness campaign, launched in February 2014;
- commissioned Victim Support to give dedicated support to victims of CSE going to court, and
  joined the National Taskforce on Sexual Violence against Children and Vulnerable People.

In August 2013 the Commissioner commissioned HMIC to assess how effective and resilient the
force's arrangements to protect children from sexual exploitation were, and to recommend
improvements. HMIC published its report on 11 November 2013.

HMIC found that the force had made considerable efforts to improve its response, but that the
force-led focus was not consistently replicated in all districts: there were pockets of good
practice, most notably in Sheffield, and the approach varied significantly across the four
districts. It said that all children in South Yorkshire must receive the same high level of
protection wherever they live.

### HMIC's recommendations

| No. | Recommendation | Time scale |
| --- | --- | --- |
"""
    + "".join(
        f"| {number} | {text} | {due} |\n"
        for number, (due, text) in enumerate(HMIC_RECOMMENDATIONS, start=1)
    )
    + """
Commissioner Wright's response to the HMIC report was attached to the report as Appendix A. The
findings were the subject of an action plan, with regular updates to the Commissioner's monthly
Governance Advisory Board and to the countywide CSE forum. The report states that the
recommendations have been implemented. The force was to be re-inspected in spring 2014, as part of
HMIC's national inspection of child protection.

### Finance

The Commissioner allocated £0.5 million of additional funding in 2013/14 to increase the number of
public protection officers and for specialist training. For 2014/15 he gave the force a further
£2.26 million for a full "Platinum" model, with CSE and domestic violence investigation teams and
more resources for public protection investigation, safeguarding and the management of sex
offenders.

### Background papers

HMIC, *South Yorkshire Police's Response to Child Sexual Exploitation*.
"""
)

WEBSITE_REPORT = """\
### Summary

The panel's new Task and Finish Group asks the panel to approve its recommendations for a website
for the South Yorkshire Police and Crime Panel, to be developed by Rotherham Metropolitan Borough
Council's Online Team. The group would like a "galaxy" site with a pen portrait and photograph of
each member and the political breakdown of the panel, tested in draft by community
representatives chosen by the panel.

### Recommendations

That the panel agrees to:

1. the development of a "galaxy" website hosted by the RMBC website;
2. decide on a group of community representatives to test the prototype website;
3. explore other ways of engaging and interacting with the community at a later stage.

### Background

The Task and Finish Group, chaired by Mr Alan Carter with three other members, met on 8 April 2014
to discuss the two main options: a page in RMBC's revised website, or a "galaxy" site within it.
The group looked at other panels' websites for good practice. West Yorkshire's was put forward as a
good example: the right information, easy to use, with a logo and a section for complaints. Other
suggestions to make the panel more transparent and accountable included an interactive website,
Facebook, Twitter and webcasts.

### Proposal

The group prefers the galaxy site: although hosted by RMBC, it would be a separate site with its own
identity and format. For about £20 a year its address can hide the connection to the host site, so
that it appears in search engines as a site of its own. RMBC's Online Service Team would develop
and manage it, starting from the information on the existing site. Community representatives would
be asked for their views at the prototype stage, and monitoring of the site would show how many
people use it and what they read. Pen portraits and photographs of members would show their
accountability to the public.

### Finance

Rotherham MBC, as host authority, receives a grant to administer the panel. Developing, managing and
updating the website will cost nothing; the address will cost about £20 a year.

### Risks and uncertainties

Risks would be reduced by investing time in developing the site so that it is fit for purpose, with
the RMBC Online Team managing it.

### Background papers

Report to the South Yorkshire Police and Crime Panel, 20 January 2014 (J28).
"""

# (number, title, pages, presenter, summary): the agenda of 2 May 2014.
AGENDA_2014_05_02 = [
    (
        1,
        "To determine if the following matters are to be considered under the categories "
        "suggested, in accordance with the Local Government Act 1972",
        "",
        "",
        "Whether any item should be taken in private.",
    ),
    (
        2,
        "To determine any item which the Chairman is of the opinion should be considered as a "
        "matter of urgency",
        "",
        "",
        "Whether any urgent business should be added to the agenda.",
    ),
    (3, "Apologies for absence", "", "", "Members who cannot attend."),
    (4, "Questions from members of the public", "", "", "Questions put by residents."),
    (
        5,
        "Minutes of the previous meeting held on 31st March, 2014",
        "1 - 6",
        "",
        "The panel checks the minutes of its last meeting as a true record.",
    ),
    (
        6,
        "Report of the Police and Crime Commissioner - Refreshed Police and Crime Plan",
        "7 - 49",
        "Police and Crime Commissioner",
        "The Commissioner's refreshed Police and Crime Plan 2013-17, sent to the panel for its "
        "comments.",
    ),
    (
        7,
        "Report of the Police and Crime Commissioner - Response to the HMIC Report on Child "
        "Sexual Exploitation",
        "50 - 56",
        "Police and Crime Commissioner",
        "What the inspectorate found about the force's response to child sexual exploitation, "
        "its 13 recommendations, and the Commissioner's response.",
    ),
    (
        8,
        "Report of the Task and Finish Group - Website Proposals for the South Yorkshire Police "
        "and Crime Panel",
        "57 - 59",
        "Task and Finish Group",
        "Options for a website for the panel, and the group's recommendations.",
    ),
    (
        9,
        "Date and time of the next meeting - Wednesday, 30th July, 2014 at 1.00 p.m.",
        "",
        "",
        "The date of the next meeting.",
    ),
]

# (item number, title, body, author, contact)
PAPERS_2014_05_02 = [
    (
        6,
        "Police and Crime Plan 2013-17: Refresh",
        PLAN_REFRESH_REPORT,
        "Office of the Police and Crime Commissioner for South Yorkshire",
        "Erika Redfearn, Office of the Police and Crime Commissioner",
    ),
    (
        7,
        "HMIC Report: South Yorkshire Police's Response to Child Sexual Exploitation",
        HMIC_REPORT,
        "Police and Crime Commissioner",
        "Sally Parkin, Principal Policy Officer, Office of the Police and Crime Commissioner",
    ),
    (
        8,
        "Website Development",
        WEBSITE_REPORT,
        "Rotherham Metropolitan Borough Council, host authority",
        "Christine Majer, Scrutiny Officer, Legal and Democratic Services, Rotherham "
        "Metropolitan Borough Council",
    ),
]

# HMIC published its report on Monday 11 November 2013 (the report of 2 May 2014 and the
# Commissioner's press release of that day both say so); each time scale runs from then.
HMIC_PUBLISHED = datetime.date(2013, 11, 11)
HMIC_SOURCE = "HMIC, South Yorkshire Police's Response to Child Sexual Exploitation, November 2013"
HMIC_MONTHS = {"Immediate": 0, "Within three months": 3, "Within six months": 6}
# The recommendations ask "the force" to act (the last, "the force and its partners"), and the
# Commissioner instructed the Chief Constable to put them in place.
HMIC_OWNER = "South Yorkshire Police (the Chief Constable)"
HMIC_OWNER_WITH_PARTNERS = "South Yorkshire Police (the Chief Constable) and its partners"
# The report of 2 May 2014 records that the recommendations had been implemented; the seeds give
# no date for each one, so each is recorded as completed by the date of that report.
HMIC_REPORTED_DONE = datetime.date(2014, 5, 2)
HMIC_RESPONSE = (
    'Reported to the panel: "The Commissioner is pleased to report that the recommendations have '
    "now been implemented and that tackling this heinous crime has been greatly strengthened over "
    "the last year.\" The force was to be re-inspected against the report's findings in spring "
    "2014, as part of HMIC's national inspection of child protection."
)

# The resolutions of 31 March 2014 that ask somebody to do something: (minute, resolution number,
# who is to do it, time scale as the resolution gives it).
RESOLUTION_ACTIONS = [
    ("J35", 1, "Scrutiny Manager, with the four Crime and Disorder Scrutiny Committees", ""),
    ("J35", 2, "Scrutiny Manager", "A future meeting"),
    ("J36", 2, "Monitoring Officer", ""),
    ("J36", 3, "Police and Crime Panel", ""),
]

# The Commissioner's press release of 11 November 2013, as printed in the agenda pack of
# 2 May 2014, quoted as issued.
HMIC_PRESS_RELEASE = """\
*Issued by the South Yorkshire Police and Crime Commissioner on Monday 11 November 2013, the day
HMIC published its report, and printed in the agenda pack for this meeting.*

**HMIC report commissioned by PCC praises commitment of front line officers and staff but says it
has 'serious concern' about the quality of protection children receive**

South Yorkshire Police and Crime Commissioner Shaun Wright says today that the Chief Constable must
'act immediately' to improve the response of the force to child sexual exploitation in the wake of
a report raising serious concern about the quality of protection it provides for children across
the region.

Having set CSE as a force priority, Mr Wright commissioned HMIC (Her Majesty's Inspectorate of
Constabulary) to assess the effectiveness of the force's approach to protecting children from
sexual exploitation and to develop recommendations for improvements. Its report, '*South Yorkshire
Police's Response to Child Sexual Exploitation*' is published today (Monday, November 11)

Inspectors say the force is committed to tackling child sexual exploitation but an inconsistent
approach across the force area gave them '*serious concern*' about the quality of protection
children receive. Among the areas for improvement, the report says that the leadership provided by
the Chief Constable for child sexual exploitation was '*unclear*' to many police officers and
staff.

HMIC says that '*as a matter of urgency*' the force must put the strategic priorities of the PCC in
the area of child sexual exploitation into operational delivery on the ground, adding 'This
situation must not be allowed to continue.'

Mr. Wright said today that whilst he was pleased the report recognised the commitment and efforts
of front line staff, he was '*extremely disappointed*' that the force had failed to translate his
strategic priority into operational effectiveness. He said the Chief Constable must now 'act
immediately' to introduce the recommendations detailed in the report. He has also written to HMIC
requesting the provision of specialist assistance to support the Chief Constable to deliver all the
improvements and recommendations in the report.

The Commissioner says today:

"This current situation has to change. The report makes a number of recommendations, with the most
urgent to be implemented immediately and others within three and six months. I fully support the
recommendations and have instructed the Chief Constable that he must ensure they are in place
within the time frames set out by the inspectors."

"The commitment and effort of officers and staff on the front line of this most heinous of crimes
is fully appreciated by me and rightly recognised by the inspectors. However, there is clearly a
failure of management to turn my, and the public of South Yorkshire's, key strategic priority into
operational effectiveness uniformly across the whole force area.

Inspectors said that both the Commissioner and the Chief Constable had made it clear that
preventing and responding to child sexual exploitation is a top priority of the force. Between
January and March 2013 all of the force's 1,700 front line staff received specialist training and
the report says they were all, *'deeply committed'* to their work; and were *'conscientious,
enthusiastic and focussed on achieving good outcomes for children.'*

Although the force was found to have made *'considerable efforts'* to improve its response to child
sexual exploitation, with *'pockets'* of good and effective practice, the approach varied
significantly across the four districts.

The protection of children from sexual exploitation was one of the key objectives set by the
Commissioner in his Police and Crime Plan published after his election a year ago. Among measures
introduced to support that objective was the provision of an additional £0.5 million investment,
provided by a council tax increase, to fund an extra 10 Public Protection Unit officers, specialist
training and the establishment of a countywide CSE Forum to ensure the sharing of best practise and
collaboration between involved agencies.

Between January 1 and September 30, 2013 police across the force were involved in 425
investigations into child sexual exploitation. There have been a number of high profile
prosecutions and convictions with further cases due to reach court early in 2014.

The 40-page report examined and makes recommendations in 11 areas; leadership, strategies,
management, training, structures, processes, intelligence gathering, innovation, benchmarking,
compliance with national guidance and the robustness of partnership working arrangements

ENDS

Note to editors: The full report is available on the website of the Police and Crime Commissioner
– www.southyorkshire-pcc.gov.uk
"""

# A later meeting of the panel, from the other seed: its Engagement Strategy item and minute 22.
# The seed gives the minute alone, without the meeting's date, time, venue or other items. It
# names Dr Alan Billings as Commissioner and mentions the South Yorkshire devolution deal and a Home
# Office consultation on PCCs and fire services "until 23rd October", which place it in the autumn
# of 2015; the date used is the first of that October, and the page says it is approximate.
ENGAGEMENT = "police-and-crime-panel-autumn-2015"
ENGAGEMENT_NOTE = (
    "The record of this item is its minute alone, which gives no date for the meeting: the date "
    "shown, 1 October 2015, is approximate."
)
ENGAGEMENT_MINUTE = """\
22.1 Further to Minute No. 12.2 of the previous meeting, Dr. Billings, Police and Crime
Commissioner, presented the Engagement and Communications Strategy which demonstrated how the
Office of the Police and Crime Commissioner (OPCC) would engage and communicate with victims and
the wider community and stakeholders.

22.2 Communication and engagement with the public and stakeholders was essential in order to
understand what the priorities were and to ensure that their views were an integral part of the
Police and Crime Commissioner's decision making process. It was also vital to increase public trust
and confidence in policing.

22.3 There were numerous ways in which the OPCC currently engaged with the public (as set out in
Section 4.3 of the Communications and Engagement Strategy) and would continually strive to seek out
new ways of engaging and communicating with many different groups and sections of the community to
ensure the processes were as inclusive as possible.

22.4 Throughout the Strategy, it was made clear the commitment to:-

- Be open, accessible, transparent, accountable and responsive
- Gather views and involve the community in setting police and crime priorities and commissioning
  services
- Inform the community of performance, how they had influenced priorities, how the OPCC held South
  Yorkshire Police to account and how the public could access services

22.5 A programme of engagement opportunities within the community was being established where
members of the public could speak to the Police and Crime Commissioner (PCC) and members of the
Engagement Team at a variety of venues. These would be promoted widely within the communities.

22.6 A section of the PCC's website was currently being developed which would provide information
on all engagement activity undertaken since the PCC came into office and would then be updated on
a weekly basis.

22.7 As part of the statutory duty to hold the Chief Constable to account on South Yorkshire
Police's engagement activity with local communities, a full review of PACT (Partners & Communities
Together) meetings had taken place. A set of recommendations had been agreed to improve the way the
meetings worked and would be rebranded as "Community Safety Meetings" forging closer links with
partner organisations to provide a more community-based focus. Work on this was currently ongoing
with the Local Policing Teams and engagement with partners to establish the new meetings in the New
Year. In those areas where PACT was working well there would be no change to the current format
other than the name change; in other not successful areas the existing PACTs may be merged with
other established community meetings.

22.8 Issues arising from presentation of the report included:-

- Although the list of community groups, organisations and individuals the Police and Crime
  Commissioner had engaged with did not specifically mention an older person's group, almost every
  group had retired people in attendance. However, the Commissioner would look at engineering an
  invitation to meetings in that sector
- The OPCC had been kept informed of the progress of the South Yorkshire Devolution Deal but no more
  than that; the Police did not feature in the Devolution document
- A meeting with the Fire Authority, Fire Chief Officers and the Commissioner to talk about
  collaboration and efficiencies had been convened prior to the Government announcement of
  potentially PCCs running the Fire Service and replacing Fire Authorities. The Home Office
  consultation ran until 23rd October
"""
ENGAGEMENT_RESOLUTION = (
    "That the Communication and Engagement Strategy and the Police and Crime Commissioner's "
    "commitment to engagement activity be noted."
)

SAMPLE_NOTE = "Sample content: this meeting is not real. It shows how an upcoming meeting looks."
SAMPLE_AGENDA = [
    (1, "Apologies for absence"),
    (2, "Declarations of interest"),
    (3, "Questions from members of the public"),
    (4, "Minutes of the previous meeting"),
    (5, "Sample item: progress on the Police and Crime Plan"),
]


def at(year, month, day, hour=0, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def load():
    panel, _ = Committee.objects.get_or_create(
        slug=PANEL,
        defaults={
            "name": "Police and Crime Panel",
            "description": "Councillors from the four South Yorkshire councils and co-opted "
            "independent members, who scrutinise the Police and Crime Commissioner.",
        },
    )
    website_group, _ = Committee.objects.get_or_create(
        slug=WEBSITE_GROUP,
        defaults={
            "name": "Website Task and Finish Group",
            "description": "A task and finish group of the panel that looked at options for the "
            "panel's website in April 2014.",
        },
    )
    councils = {
        name: Council.objects.get_or_create(name=name, defaults={"order": order})[0]
        for order, name in enumerate(COUNCILS, start=1)
    }
    for slug, title, name, council, role in MEMBERS:
        pen_portrait = f"{PEN_PORTRAITS[slug]}\n\n{SOURCE_NOTE}"
        member, _ = Member.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "name": name,
                "council": councils.get(council),
                "pen_portrait": pen_portrait,
            },
        )
        if not member.pen_portrait:
            # Members loaded before the demo had pen portraits get theirs; an officer's text stays.
            member.pen_portrait = pen_portrait
            member.save()
        Membership.objects.get_or_create(member=member, committee=panel, defaults={"role": role})
    Membership.objects.get_or_create(
        member=Member.objects.get(slug="a-carter"),
        committee=website_group,
        defaults={"role": Membership.Role.CHAIR},
    )

    venue = {"venue_name": VENUE[0], "venue_address": VENUE[1]}
    march, _ = Meeting.objects.get_or_create(
        slug=MARCH,
        defaults={
            "committee": panel,
            "start": at(2014, 3, 31),
            "start_time_known": False,
            "status": Meeting.Status.HELD,
            # Those the minutes name as presenting or speaking, other than members.
            "officers_in_attendance": (
                "Deborah Fellowes, Scrutiny Manager\n"
                "Caroline Martin, Doncaster Metropolitan Borough Council\n"
                "Councillor Sioned-Mair Richards, Sheffield City Council\n"
                "Jo Sykes, Sheffield City Council"
            ),
            "is_published": True,
            **venue,
        },
    )
    may, _ = Meeting.objects.get_or_create(
        slug=MAY,
        defaults={
            "committee": panel,
            "start": at(2014, 5, 2, 13, 30),
            "status": Meeting.Status.SCHEDULED,
            "is_published": True,
            **venue,
        },
    )
    Meeting.objects.get_or_create(
        slug=JULY,
        defaults={
            "committee": panel,
            "start": at(2014, 7, 30, 13, 0),
            "status": Meeting.Status.SCHEDULED,
            "is_published": True,
        },
    )

    for slug, *_ in MEMBERS:
        apologies = slug in APOLOGIES_2014_03_31
        Attendance.objects.get_or_create(
            meeting=march,
            member=Member.objects.get(slug=slug),
            defaults={
                "status": Attendance.Status.APOLOGIES if apologies else Attendance.Status.PRESENT,
                "note": "Chairman" if slug == "j-akhtar" else "",
            },
        )

    for number, (minute_number, title, text, resolutions) in enumerate(MINUTES_2014_03_31, start=1):
        item, _ = AgendaItem.objects.get_or_create(
            meeting=march, number=number, defaults={"order": number, "title": title}
        )
        minute, _ = Minute.objects.get_or_create(
            agenda_item=item,
            defaults={
                "number": minute_number,
                "title": title,
                "text": text,
                # Put to the meeting of 2 May 2014 for approval; the seeds do not record it.
                "status": Minute.Status.DRAFT,
                "is_published": True,
            },
        )
        for index, resolution in enumerate(resolutions, start=1):
            Resolution.objects.get_or_create(
                minute=minute, number=index, defaults={"text": resolution}
            )

    items = {}
    for number, title, pages, presenter, summary in AGENDA_2014_05_02:
        items[number], _ = AgendaItem.objects.get_or_create(
            meeting=may,
            number=number,
            defaults={
                "order": number,
                "title": title,
                "pages": pages,
                "presenter": presenter,
                "summary": summary,
            },
        )
    for number, title, body, author, contact in PAPERS_2014_05_02:
        Paper.objects.get_or_create(
            agenda_item=items[number],
            title=title,
            defaults={
                "body_markdown": body,
                "author": author,
                "contact": contact,
                "is_published": True,
            },
        )
    link_plan_priorities(march, items)

    load_action_log(march, items)
    load_engagement_meeting(panel)
    load_january_meeting(panel, march)

    sample_day = timezone.localdate() + datetime.timedelta(weeks=4)
    sample_start = at(sample_day.year, sample_day.month, sample_day.day, 13, 0)
    sample, _ = Meeting.objects.get_or_create(
        slug=SAMPLE_SLUG,
        defaults={
            "committee": panel,
            "start": sample_start,
            "status": Meeting.Status.SCHEDULED,
            "is_published": True,
            # Published with its agenda, as Meeting.publish() records it.
            "agenda_published_at": timezone.now(),
            **venue,
        },
    )
    if not sample.start > timezone.now():
        # Once its date has passed, move the sample meeting on so that one is always upcoming.
        sample.start = sample_start
        sample.save()
    for number, title in SAMPLE_AGENDA:
        AgendaItem.objects.get_or_create(
            meeting=sample,
            number=number,
            defaults={"order": number, "title": title, "summary": SAMPLE_NOTE},
        )


def link_plan_priorities(march, may_items):
    """Link the items to the plan priorities they scrutinised, as the seeds record them."""
    priorities = {
        priority.slug: priority
        for priority in Priority.objects.filter(plan__slug=plans_demo.PLAN_SLUG)
    }
    if not priorities:
        return  # The demo plan is not loaded.
    # Item 6 of 2 May 2014 was the refreshed plan itself, with all three priorities.
    may_items[6].priorities.add(*priorities.values())
    # HMIC's inspection of the response to child sexual exploitation: the plan puts CSE under
    # protecting vulnerable people.
    may_items[7].priorities.add(priorities["protecting-vulnerable-people"])
    # Minutes J34 and J35 of 31 March 2014: the district scrutiny panels' priorities and joint
    # working, on anti-social behaviour, domestic abuse and child sexual exploitation.
    for item in march.items.filter(minute__number__in=["J34", "J35"]):
        item.priorities.add(
            priorities["reducing-crime-and-anti-social-behaviour"],
            priorities["protecting-vulnerable-people"],
        )
    # The plan's record of the panel's review points to the agenda item where it happened. The
    # field takes a full address, so the site's own is put in front: again at each load while it
    # points there, as the site may be served at another address since (make run PORT=8100).
    review = PlanVariationStep.objects.filter(
        plan__slug=plans_demo.PLAN_SLUG,
        step=PlanVariationStep.Step.PANEL_REVIEW,
        date=timezone.localdate(may_items[6].meeting.start),
    ).first()
    item_path = may_items[6].get_absolute_url()
    item_url = f"{settings.SITE_URL}{item_path}"
    if (
        review
        and not review.document
        and review.document_url != item_url
        and (not review.document_url or review.document_url.endswith(item_path))
    ):
        review.document_url = item_url
        review.save()


def add_months(day, months):
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


def load_action_log(march, may_items):
    """HMIC's 13 recommendations (item 7 of 2 May 2014) and the resolutions of 31 March 2014 that
    ask for something, as the seeds record them."""
    hmic_item = may_items[7]
    press_release, _ = Paper.objects.get_or_create(
        agenda_item=hmic_item,
        title="Press release: Commissioner says Chief Constable must 'act immediately' to improve "
        "response to child sexual exploitation",
        defaults={
            "order": 1,
            "body_markdown": HMIC_PRESS_RELEASE,
            "author": "South Yorkshire Police and Crime Commissioner",
            "is_published": True,
        },
    )
    load_press_release_pdf(press_release)
    vulnerable = Priority.objects.filter(
        plan__slug=plans_demo.PLAN_SLUG, slug="protecting-vulnerable-people"
    )
    for number, (due, text) in enumerate(HMIC_RECOMMENDATIONS, start=1):
        action, _ = Action.objects.get_or_create(
            agenda_item=hmic_item,
            reference=f"Recommendation {number}",
            defaults={
                "kind": Action.Kind.INSPECTION_RECOMMENDATION,
                "source": HMIC_SOURCE,
                "text": text,
                "owner": HMIC_OWNER_WITH_PARTNERS if number == 13 else HMIC_OWNER,
                "due_description": due,
                "due_date": add_months(HMIC_PUBLISHED, HMIC_MONTHS[due]),
                "status": Action.Status.COMPLETED,
                "completed_on": HMIC_REPORTED_DONE,
            },
        )
        action.priorities.add(*vulnerable)
        ActionResponse.objects.get_or_create(
            action=action,
            date=HMIC_REPORTED_DONE,
            defaults={"given_by": "Police and Crime Commissioner", "text": HMIC_RESPONSE},
        )

    for minute_number, number, owner, due in RESOLUTION_ACTIONS:
        resolution = Resolution.objects.select_related("minute").get(
            minute__agenda_item__meeting=march, minute__number=minute_number, number=number
        )
        Action.objects.get_or_create(
            agenda_item_id=resolution.minute.agenda_item_id,
            resolution=resolution,
            defaults={
                "kind": Action.Kind.RESOLUTION,
                "reference": f"{minute_number} ({number})",
                "text": resolution.text,
                "owner": owner,
                "due_description": due,
            },
        )


PRESS_RELEASE_PDF_TITLE = (
    "The press release, made into a PDF by this site from the agenda pack's text"
)
PRESS_RELEASE_PDF_NAME = "press-release-2013-11-11"
PRESS_RELEASE_PDF_NOTE = (
    "This PDF was made by the panel's website from the text of the press release as printed in the "
    "agenda pack for the panel's meeting on 2 May 2014. It is not the Commissioner's original "
    "document."
)


def load_press_release_pdf(paper):
    """The press release as a PDF attachment. The seeds hold its text only, so the demo makes the
    PDF from that text, and the PDF and its title say so."""
    # Found by its file name (the storage may add a suffix), so that a new title makes no new PDF.
    if paper.attachments.filter(file__contains=PRESS_RELEASE_PDF_NAME).exists():
        return
    paragraphs = [
        " ".join(paragraph.replace("*", "").split())
        for paragraph in HMIC_PRESS_RELEASE.split("\n\n")
        if paragraph.strip()
    ]
    pdf = text_pdf(
        title=PRESS_RELEASE_PDF_TITLE,
        heading="Commissioner says Chief Constable must 'act immediately' to improve response to "
        "child sexual exploitation",
        paragraphs=[PRESS_RELEASE_PDF_NOTE, *paragraphs],
    )
    attachment = Attachment(paper=paper, title=PRESS_RELEASE_PDF_TITLE)
    attachment.file.save(f"{PRESS_RELEASE_PDF_NAME}.pdf", ContentFile(pdf), save=False)
    # The checks an upload passes (the file's first bytes), and its size.
    attachment.full_clean()
    attachment.save()


def load_engagement_meeting(panel):
    """The Engagement Strategy item and its minute, from the other seed, as a later meeting."""
    meeting, _ = Meeting.objects.get_or_create(
        slug=ENGAGEMENT,
        defaults={
            "committee": panel,
            "start": at(2015, 10, 1),
            "start_time_known": False,
            "status": Meeting.Status.HELD,
            "is_published": True,
        },
    )
    item, _ = AgendaItem.objects.get_or_create(
        meeting=meeting,
        number=1,
        defaults={
            "order": 1,
            "title": "Engagement Strategy",
            "presenter": "Dr Alan Billings, Police and Crime Commissioner",
            "summary": "How the Commissioner's office engages and communicates with victims, the "
            f"wider community and stakeholders: the Commissioner's strategy. {ENGAGEMENT_NOTE}",
        },
    )
    minute, _ = Minute.objects.get_or_create(
        agenda_item=item,
        defaults={
            "number": "22",
            "title": "Engagement Strategy",
            "text": ENGAGEMENT_MINUTE,
            # As for 31 March 2014, the seed does not record the minute's approval.
            "status": Minute.Status.DRAFT,
            "is_published": True,
        },
    )
    Resolution.objects.get_or_create(
        minute=minute, number=1, defaults={"text": ENGAGEMENT_RESOLUTION}
    )


JANUARY_MINUTE = """\
The seeds hold only what the minutes of 31 March 2014 say of this meeting: under this minute the
panel considered its work programme and its meeting dates for 2014/15, to which a report of the
Scrutiny Manager on 31 March 2014 returned (minute J37), and these minutes were agreed as a true
record at that meeting (minute J33). The rest of this meeting's business is not in the demo."""


def load_january_meeting(panel, march):
    """The meeting of 31 January 2014, as far as the minutes of 31 March 2014 record it: its
    minute 29 and their approval as a true record at the next meeting (J33)."""
    meeting, _ = Meeting.objects.get_or_create(
        slug=JANUARY,
        defaults={
            "committee": panel,
            "start": at(2014, 1, 31),
            "start_time_known": False,
            "status": Meeting.Status.HELD,
            "is_published": True,
        },
    )
    item, _ = AgendaItem.objects.get_or_create(
        meeting=meeting,
        number=1,
        defaults={"order": 1, "title": "Work programme and meeting dates 2014/15"},
    )
    Minute.objects.get_or_create(
        agenda_item=item,
        defaults={
            "number": "29",
            "title": "Work programme and meeting dates 2014/15",
            "text": JANUARY_MINUTE,
            "status": Minute.Status.APPROVED,
            "approved_at_meeting": march,
            "is_published": True,
        },
    )


def clear():
    meetings = [JANUARY, MARCH, MAY, JULY, ENGAGEMENT, SAMPLE_SLUG]
    # Deleting the rows leaves the files: the demo's PDF would be left behind at each reset.
    for attachment in Attachment.objects.filter(paper__agenda_item__meeting__slug__in=meetings):
        attachment.file.delete(save=False)
    # Actions keep their agenda items from being deleted: they go first.
    Action.objects.filter(agenda_item__meeting__slug__in=meetings).delete()
    Meeting.objects.filter(slug__in=meetings).delete()
    Member.objects.filter(slug__in=[member[0] for member in MEMBERS]).delete()
    Council.objects.filter(name__in=COUNCILS, members__isnull=True).delete()
    Committee.objects.filter(slug__in=[PANEL, WEBSITE_GROUP], meetings__isnull=True).delete()
