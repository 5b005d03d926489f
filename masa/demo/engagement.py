"""The demo's engagement log: about thirty times Northbridge listened to children,
families and practitioners over the two financial years before the demo's anchor, with
what changed as a result, some practitioner consultations with their results attached
(a poll's export as CSV). Made through `masa.engagement.services` by the business unit.
Entries name the partnership's priorities when the plan has them (the first five, in
turn), else a piece of work. No child is ever named. Idempotent: a partnership with an
engagement log is left alone."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import transaction

from masa.core.acting import acting_in
from masa.core.models import Partnership, Person
from masa.demo import anchor as demo_anchor
from masa.engagement import services
from masa.engagement.models import Entry, Group, Method
from masa.plan.models import Priority

Progress = Callable[[str], None]
OFFICER = "dev.patel@northbridge.example"

G, M = Group, Method
# (days before the anchor, group, method, how many took part, title, work, said, changed,
#  results file or "").
ENTRIES: list[tuple[int, str, str, int | None, str, str, str, str, str]] = [
    (
        12,
        G.CHILDREN_IN_CARE,
        M.CONSULTATION,
        14,
        "Children in care council on review meetings",
        "Looked-after children's reviews",
        "Meetings feel like they are about us, not with us; too many adults in the room.",
        "Reviews now start with the young person's agenda and they choose who attends.",
        "",
    ),
    (
        25,
        G.PRACTITIONERS,
        M.SURVEY,
        212,
        "Practitioner poll on the neglect toolkit",
        "Neglect strategy",
        "Most knew the toolkit existed but few had used it in the last three months.",
        "Toolkit briefings added to every locality hub meeting; a short video for schools.",
        "neglect-poll-results.csv",
    ),
    (
        40,
        G.PARENTS_AND_CARERS,
        M.FOCUS_GROUP,
        9,
        "Parents on early help letters",
        "Early help",
        "The letters are frightening and full of jargon.",
        "Letters rewritten with parents; plain-English templates in use since the summer.",
        "",
    ),
    (
        55,
        G.YOUNG_INSPECTORS,
        M.CO_PRODUCTION,
        6,
        "Young inspectors review the partnership website",
        "Partnership website",
        "We could not find how to get help without phoning someone.",
        "A 'worried about yourself' page written with the young inspectors.",
        "",
    ),
    (
        70,
        G.FATHERS,
        M.FOCUS_GROUP,
        8,
        "Fathers' group on being included",
        "Think Family",
        "Professionals speak to mum and treat us as visitors.",
        "Assessment templates now ask for both parents' views; a fathers briefing.",
        "",
    ),
    (
        85,
        G.UNDER_REPRESENTED,
        M.CONSULTATION,
        18,
        "Faith leaders on reporting concerns",
        "Community engagement",
        "People do not know the MASH exists or fear what happens after a call.",
        "Community sessions at three places of worship; leaflets in four languages.",
        "",
    ),
    (
        100,
        G.PRACTITIONERS,
        M.FOCUS_GROUP,
        16,
        "Scrutineer's practitioner feedback: escalation",
        "Escalation policy",
        "Practitioners feel unsure when to escalate across agencies.",
        "Escalation policy simplified to one page; seven-minute briefing issued.",
        "escalation-feedback.csv",
    ),
    (
        120,
        G.CHILDREN_AND_YOUNG_PEOPLE,
        M.SURVEY,
        340,
        "Secondary school survey on feeling safe online",
        "Online safety",
        "Many did not know how to report or block on the apps they use.",
        "Online safety sessions in every secondary school this term.",
        "",
    ),
    (
        140,
        G.PARENTS_AND_CARERS,
        M.SURVEY,
        126,
        "Parents' survey on child exploitation awareness",
        "All-age exploitation",
        "Parents wanted to know the signs and who to tell.",
        "",
        "",
    ),
    (
        160,
        G.PRACTITIONERS,
        M.SURVEY,
        188,
        "Mentimeter poll at the partnership conference",
        "Learning from reviews",
        "Practitioners asked for shorter learning briefs.",
        "Seven-minute briefings replace the long learning summaries.",
        "conference-poll.csv",
    ),
    (
        175,
        G.CHILDREN_IN_CARE,
        M.CO_PRODUCTION,
        7,
        "Care leavers co-design the transitions guide",
        "Transitions to adulthood",
        "Nobody explained what would change at 18.",
        "A transitions guide written by care leavers, given at 16.",
        "",
    ),
    (
        190,
        G.UNDER_REPRESENTED,
        M.FOCUS_GROUP,
        11,
        "Young carers on being noticed at school",
        "Young carers",
        "Teachers do not know who the young carers are.",
        "Young carer champions named in every school.",
        "",
    ),
    (
        210,
        G.YOUNG_INSPECTORS,
        M.CONSULTATION,
        5,
        "Young inspectors visit the front door",
        "Front door",
        "Waiting rooms feel cold and unwelcoming.",
        "Waiting area redecorated with young people's artwork.",
        "",
    ),
    (
        230,
        G.PRACTITIONERS,
        M.CONSULTATION,
        42,
        "Consultation on the threshold document",
        "Threshold document",
        "The levels are hard to apply for neglect.",
        "Neglect examples added to each level of the threshold document.",
        "threshold-consultation.csv",
    ),
    (
        250,
        G.FATHERS,
        M.SURVEY,
        34,
        "Fathers' survey on antenatal services",
        "Safeguarding infants",
        "Dads are rarely asked about their own worries.",
        "",
        "",
    ),
    (
        270,
        G.PARENTS_AND_CARERS,
        M.CO_PRODUCTION,
        6,
        "Parents co-produce the safe sleep message",
        "Safeguarding infants",
        "Messages felt like a telling-off.",
        "Safe sleep campaign rewritten in parents' words.",
        "",
    ),
    (
        290,
        G.CHILDREN_AND_YOUNG_PEOPLE,
        M.FOCUS_GROUP,
        12,
        "Young people on stop and search",
        "All-age exploitation",
        "Young people feel treated as suspects rather than at risk.",
        "Police briefing on contextual safeguarding for neighbourhood teams.",
        "",
    ),
    (
        310,
        G.PRACTITIONERS,
        M.SURVEY,
        96,
        "Health visitors on information sharing",
        "Information sharing",
        "They were unsure what they could share without consent.",
        "Information-sharing flowchart published and briefed.",
        "information-sharing-survey.csv",
    ),
    (
        330,
        G.UNDER_REPRESENTED,
        M.CONSULTATION,
        23,
        "Disabled young people on being heard",
        "Voice of the child",
        "Workers talk to our carers instead of us.",
        "Communication passports used in every child protection conference.",
        "",
    ),
    (
        350,
        G.CHILDREN_IN_CARE,
        M.SURVEY,
        61,
        "Children in care survey on contact",
        "Children in care",
        "Contact arrangements change without warning.",
        "Contact changes now explained to the child by their worker first.",
        "",
    ),
    (
        370,
        G.PARENTS_AND_CARERS,
        M.CONSULTATION,
        15,
        "Kinship carers on support",
        "Kinship care",
        "Kinship carers feel left alone once a plan ends.",
        "",
        "",
    ),
    (
        390,
        G.PRACTITIONERS,
        M.FOCUS_GROUP,
        14,
        "Designated safeguarding leads' forum",
        "Schools",
        "Schools asked for faster feedback after referrals.",
        "Referral outcomes now sent to the referrer within three working days.",
        "",
    ),
    (
        410,
        G.YOUNG_INSPECTORS,
        M.CO_PRODUCTION,
        6,
        "Young inspectors design the annual report summary",
        "Yearly report",
        "The report is too long for young people to read.",
        "A young people's summary of the yearly report.",
        "",
    ),
    (
        430,
        G.CHILDREN_AND_YOUNG_PEOPLE,
        M.SURVEY,
        205,
        "Primary pupils on who they would tell",
        "Voice of the child",
        "Most would tell a teacher; few know about Childline.",
        "Childline assemblies offered to every primary school.",
        "",
    ),
    (
        450,
        G.UNDER_REPRESENTED,
        M.FOCUS_GROUP,
        10,
        "Gypsy, Roma and Traveller families on services",
        "Community engagement",
        "Families do not trust letters and prefer a named worker.",
        "A named link worker for Traveller sites.",
        "",
    ),
    (
        470,
        G.FATHERS,
        M.CONSULTATION,
        12,
        "Fathers in prison on family time",
        "Think Family",
        "Family visits are hard to arrange and unwelcoming for children.",
        "",
        "",
    ),
    (
        490,
        G.PRACTITIONERS,
        M.SURVEY,
        150,
        "Training needs poll",
        "Learning and development",
        "Practitioners asked for more on exploitation and neurodiversity.",
        "Two new courses in the training programme.",
        "training-needs-poll.csv",
    ),
    (
        510,
        G.PARENTS_AND_CARERS,
        M.FOCUS_GROUP,
        8,
        "Parents on child protection conferences",
        "Child protection",
        "Reports arrive too late to read before the conference.",
        "Reports shared three working days before conferences.",
        "",
    ),
    (
        530,
        G.CHILDREN_IN_CARE,
        M.FOCUS_GROUP,
        9,
        "Children in care council on placement moves",
        "Children in care",
        "Moves happen with no chance to say goodbye.",
        "",
        "",
    ),
    (
        550,
        G.YOUNG_INSPECTORS,
        M.CONSULTATION,
        4,
        "Young inspectors on the exploitation campaign",
        "All-age exploitation",
        "The posters look like adverts and get ignored.",
        "Campaign redesigned with young people's photographs and words.",
        "",
    ),
]


def _results(title: str, took_part: int | None) -> bytes:
    """A consultation's results as a poll tool exports them (made up, no names)."""
    n = took_part or 20
    yes = (n * 3) // 10
    return (
        "question,agree,disagree,not sure\n"
        f'"{title}: I know where to find guidance",{yes},{n - yes - 5},5\n'
        f'"{title}: I feel confident to act",{n // 2},{n // 3},{n - n // 2 - n // 3}\n'
    ).encode()


@transaction.atomic
def build(progress: Progress = lambda _: None, *, anchor: datetime.datetime | None = None) -> None:
    anchor = demo_anchor.resolve(anchor)
    partnership = Partnership.objects.get(slug="northbridge")
    if Entry.objects.filter(partnership=partnership).exists():
        return
    progress("Engagement: about thirty entries of Northbridge's engagement log")
    acting = acting_in(Person.objects.get(email=OFFICER), partnership)
    priorities = list(
        Priority.objects.filter(partnership=partnership).order_by("period", "number")[:5]
    )
    today = anchor.date()
    for index, (days, group, method, took, title, work, said, changed, results) in enumerate(
        ENTRIES
    ):
        priority = priorities[index % len(priorities)] if priorities and index % 3 else None
        services.entry_add(
            acting=acting,
            happened_on=today - datetime.timedelta(days=days),
            group=group,
            method=method,
            heard_from=took,
            title=title,
            work=work,
            said=said,
            changed=changed,
            priority=priority,
            file_name=results,
            chunks=[_results(title, took)] if results else (),
        )
