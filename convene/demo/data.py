"""The written content of the demo organisation, Northgate Partnership.

Everything here is fictional. Northgate is a mid-sized public-service
partnership that looks after roads, drainage and public buildings across the
north of England. The builders turn this content into rows; nothing here
touches the database.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

ORGANISATION_NAME = "Northgate Partnership"
EMAIL_DOMAIN = "northgate.example"
DEFAULT_PASSWORD = "convene-demo"
SEED = "northgate-2026"
# Every date in the demo is counted back from here, so two runs build the same demo.
ANCHOR_DATE = datetime.date(2026, 11, 2)


# -- Structure ---------------------------------------------------------------

# Function -> unit -> level -> job titles. A unit without titles for a level
# gets no generated people at that level.
UnitTitles = dict[str, tuple[str, ...]]

FUNCTIONS: dict[str, dict[str, UnitTitles]] = {
    "Operations": {
        "Network Operations": {
            "front_line": ("Control Room Team Leader", "Network Operations Supervisor"),
            "middle": ("Network Operations Manager", "Control Room Manager"),
            "senior": ("Head of Network Operations", "Network Resilience Lead"),
        },
        "Field Services": {
            "front_line": (
                "Field Services Team Leader",
                "Maintenance Supervisor",
                "Repairs Team Leader",
            ),
            "middle": ("Area Operations Manager", "Field Services Manager"),
            "senior": ("Head of Field Services", "Regional Operations Lead"),
        },
        "Fleet & Depots": {
            "front_line": ("Depot Team Leader", "Fleet Workshop Supervisor"),
            "middle": ("Depot Manager", "Fleet Manager"),
            "senior": ("Head of Fleet & Depots",),
        },
        "Health, Safety & Environment": {
            "front_line": (
                "Safety Inspections Team Leader",
                "Environmental Monitoring Team Leader",
            ),
            "middle": ("Health & Safety Manager", "Environmental Compliance Manager"),
            "senior": ("Head of Health, Safety & Environment",),
        },
    },
    "Finance": {
        "Financial Planning & Analysis": {
            "front_line": ("Finance Team Leader",),
            "middle": (
                "Financial Planning Manager",
                "Finance Business Partner",
                "Management Accounts Manager",
            ),
            "senior": ("Head of Financial Planning", "Financial Controller"),
        },
        "Procurement": {
            "front_line": ("Purchasing Team Leader",),
            "middle": ("Category Manager", "Contracts Manager"),
            "senior": ("Head of Procurement", "Commercial Lead"),
        },
        "Transactional Finance": {
            "front_line": (
                "Accounts Payable Team Leader",
                "Income Team Leader",
                "Payroll Team Leader",
            ),
            "middle": ("Transactional Finance Manager", "Payroll Manager"),
            "senior": ("Head of Transactional Finance",),
        },
    },
    "People & Culture": {
        "HR Business Partnering": {
            "front_line": ("HR Advisory Team Leader", "HR Operations Team Leader"),
            "middle": ("HR Business Partner", "Employee Relations Manager"),
            "senior": ("Head of HR Business Partnering", "Senior HR Business Partner"),
        },
        "Organisational Development": {
            "front_line": ("Learning & Development Team Leader",),
            "middle": ("Learning & Development Manager", "Talent Manager"),
            "senior": ("Leadership Development Lead",),
        },
        "Resourcing, Reward & Wellbeing": {
            "front_line": ("Recruitment Team Leader", "Wellbeing Services Team Leader"),
            "middle": ("Reward Manager", "Resourcing Manager", "Wellbeing Manager"),
            "senior": ("Head of Reward & Wellbeing",),
        },
    },
    "Digital & Data": {
        "Digital Services": {
            "front_line": ("Service Desk Team Leader", "Digital Support Team Leader"),
            "middle": ("Product Manager", "Delivery Manager"),
            "senior": ("Head of Digital Services", "Head of Product"),
        },
        "Data & Insight": {
            "front_line": ("Data Quality Team Leader", "Reporting Team Leader"),
            "middle": ("Data & Insight Manager", "Analytics Manager"),
            "senior": ("Head of Data & Insight", "Data Governance Lead"),
        },
        "Technology & Security": {
            "front_line": ("Infrastructure Team Leader", "Security Operations Team Leader"),
            "middle": ("Infrastructure Manager", "Information Security Manager"),
            "senior": ("Head of Technology", "Head of Cyber Security"),
        },
    },
    "Customer Services": {
        "Contact Centre": {
            "front_line": ("Contact Centre Team Leader", "Customer Adviser Team Leader"),
            "middle": ("Contact Centre Manager", "Resourcing & Planning Manager"),
            "senior": ("Head of Contact Centre", "Customer Operations Lead"),
        },
        "Complaints & Resolution": {
            "front_line": ("Complaints Team Leader", "Case Resolution Team Leader"),
            "middle": ("Complaints Manager", "Customer Resolution Manager"),
            "senior": ("Head of Complaints & Resolution", "Customer Standards Lead"),
        },
        "Community Engagement": {
            "front_line": ("Community Liaison Team Leader", "Local Engagement Team Leader"),
            "middle": ("Community Engagement Manager", "Customer Insight Manager"),
            "senior": ("Head of Community Engagement",),
        },
    },
    "Strategy & Assets": {
        "Asset Strategy": {
            "front_line": ("Asset Data Team Leader", "Asset Inspection Team Leader"),
            "middle": ("Asset Manager", "Asset Planning Manager"),
            "senior": ("Head of Asset Strategy",),
        },
        "Capital Programmes": {
            "front_line": ("Site Delivery Supervisor", "Project Controls Team Leader"),
            "middle": ("Project Manager", "Programme Manager"),
            "senior": ("Head of Capital Programmes",),
        },
        "Policy & Performance": {
            "front_line": ("Performance Reporting Team Leader",),
            "middle": ("Policy Manager", "Performance Manager", "Business Planning Manager"),
            "senior": ("Head of Policy & Performance",),
        },
        "Chief Executive's Office": {
            "middle": ("Executive Business Manager",),
            "senior": ("Head of the Chief Executive's Office",),
        },
    },
}

# (town, office). The first is head office and gets the most people.
SITES: tuple[tuple[str, str], ...] = (
    ("Leeds", "Wellington Place"),
    ("Manchester", "Piccadilly Gate"),
    ("Sheffield", "Riverside House"),
    ("Newcastle", "Quayside Court"),
    ("Hull", "Humber View"),
)
SITE_WEIGHTS: tuple[int, ...] = (35, 20, 17, 15, 13)


def site_name(town: str) -> str:
    """Return the full name of the site in `town`."""
    office = dict(SITES)[town]
    return f"{town} — {office}"


# -- Expertise ---------------------------------------------------------------

FUNCTION_EXPERTISE: dict[str, tuple[str, ...]] = {
    "Operations": (
        "Asset maintenance",
        "Emergency planning",
        "Health and safety",
        "Fleet management",
        "Lean and continuous improvement",
    ),
    "Finance": (
        "Budgeting and forecasting",
        "Procurement",
        "Contract management",
        "Risk management",
    ),
    "People & Culture": (
        "Employee relations",
        "Learning design",
        "Workforce planning",
        "Wellbeing",
        "Diversity and inclusion",
    ),
    "Digital & Data": (
        "Data analysis",
        "Cyber security",
        "Digital transformation",
        "Service design",
    ),
    "Customer Services": (
        "Customer experience",
        "Complaint resolution",
        "Community engagement",
        "Service design",
    ),
    "Strategy & Assets": (
        "Strategic planning",
        "Programme management",
        "Public policy",
        "Sustainability and net zero",
    ),
}
GENERAL_EXPERTISE: tuple[str, ...] = (
    "Coaching",
    "Facilitation",
    "Mentoring",
    "Change management",
    "Stakeholder engagement",
    "Systems thinking",
)
EXPERTISE: tuple[str, ...] = tuple(
    dict.fromkeys(
        [name for names in FUNCTION_EXPERTISE.values() for name in names] + [*GENERAL_EXPERTISE]
    )
)


# -- People ------------------------------------------------------------------


class FixedPerson(NamedTuple):
    """A person written by hand: the executives, the personas and the administrators."""

    first: str
    last: str
    level: str
    function: str
    unit: str
    job_title: str
    town: str
    email: str = ""
    is_administrator: bool = False


CHIEF_EXECUTIVE_EMAIL = "catherine.ellwood@northgate.example"

FIXED_PEOPLE: tuple[FixedPerson, ...] = (
    FixedPerson(
        "Catherine", "Ellwood", "executive", "Strategy & Assets", "Chief Executive's Office",
        "Chief Executive", "Leeds",
    ),
    FixedPerson(
        "David", "Mensah", "executive", "Operations", "Network Operations",
        "Director of Operations", "Manchester", email="sponsor@northgate.example",
    ),
    FixedPerson(
        "Marcus", "Campbell", "executive", "Operations", "Field Services",
        "Director of Field Operations", "Sheffield",
    ),
    FixedPerson(
        "Harriet", "Lloyd", "executive", "Finance", "Financial Planning & Analysis",
        "Director of Finance", "Leeds", email="executive@northgate.example",
    ),
    FixedPerson(
        "Niamh", "Gallagher", "executive", "Finance", "Procurement",
        "Director of Commercial Services", "Manchester",
    ),
    FixedPerson(
        "Imran", "Siddiqui", "executive", "People & Culture", "HR Business Partnering",
        "Director of People & Culture", "Leeds",
    ),
    FixedPerson(
        "Helen", "Zhang", "executive", "Digital & Data", "Digital Services",
        "Chief Digital Officer", "Manchester",
    ),
    FixedPerson(
        "Gareth", "Price", "executive", "Customer Services", "Contact Centre",
        "Director of Customer Services", "Newcastle",
    ),
    FixedPerson(
        "Bronwen", "Hughes", "executive", "Strategy & Assets", "Asset Strategy",
        "Director of Strategy & Assets", "Leeds",
    ),
    FixedPerson(
        "Tomasz", "Nowak", "executive", "Strategy & Assets", "Capital Programmes",
        "Director of Capital Delivery", "Hull",
    ),
    FixedPerson(
        "Priya", "Raman", "senior", "People & Culture", "Organisational Development",
        "Head of Organisational Development", "Leeds",
        email="admin@northgate.example", is_administrator=True,
    ),
    FixedPerson(
        "Sam", "Okafor", "middle", "Customer Services", "Contact Centre",
        "Contact Centre Manager", "Leeds", email="member@northgate.example",
    ),
    FixedPerson(
        "Grace", "Whitfield", "middle", "Operations", "Field Services",
        "Area Operations Manager", "Sheffield", email="convenor@northgate.example",
    ),
    FixedPerson(
        "Owen", "Pritchard", "middle", "Digital & Data", "Digital Services",
        "Digital Workplace Manager", "Manchester", is_administrator=True,
    ),
)  # fmt: skip

# The accounts the sign-in instructions name, in the order they are printed.
PERSONAS: tuple[tuple[str, str], ...] = (
    ("admin@northgate.example", "administrator"),
    ("member@northgate.example", "member of two communities, convenes none"),
    ("convenor@northgate.example", "convenor of New Managers' Circle"),
    ("sponsor@northgate.example", "executive who sponsors two communities"),
    ("executive@northgate.example", "executive who sponsors none"),
)

# Generated people, by level and function; with FIXED_PEOPLE they make 150:
# 10 executives, 30 senior, 50 middle and 60 front-line managers.
GENERATED_PEOPLE: dict[str, dict[str, int]] = {
    "senior": {
        "Operations": 6,
        "Finance": 5,
        "People & Culture": 4,
        "Digital & Data": 5,
        "Customer Services": 5,
        "Strategy & Assets": 4,
    },
    "middle": {
        "Operations": 11,
        "Finance": 7,
        "People & Culture": 7,
        "Digital & Data": 7,
        "Customer Services": 8,
        "Strategy & Assets": 7,
    },
    "front_line": {
        "Operations": 18,
        "Finance": 7,
        "People & Culture": 6,
        "Digital & Data": 8,
        "Customer Services": 14,
        "Strategy & Assets": 7,
    },
}

# Years at Northgate, lowest and highest, by level.
TENURE_YEARS: dict[str, tuple[int, int]] = {
    "executive": (3, 25),
    "senior": (2, 25),
    "middle": (1, 22),
    "front_line": (0, 15),
}


class NameGroup(NamedTuple):
    """First names and surnames that go together, and how often to draw from them."""

    weight: int
    firsts: tuple[str, ...]
    lasts: tuple[str, ...]


NAME_GROUPS: tuple[NameGroup, ...] = (
    NameGroup(
        44,
        (
            "Oliver", "Emma", "James", "Sophie", "Thomas", "Charlotte", "Daniel", "Hannah",
            "Matthew", "Lucy", "Andrew", "Rebecca", "Christopher", "Laura", "Michael", "Sarah",
            "Richard", "Claire", "Jonathan", "Joanne", "Stephen", "Rachel", "Paul", "Katie",
            "Mark", "Nicola", "Simon", "Gemma", "Adam", "Jessica", "Ben", "Amy", "Craig",
            "Louise", "Lee", "Natalie", "Ryan", "Megan", "Liam", "Eleanor", "Jack", "Abigail",
            "Karen", "Gary", "Julie", "Dean", "Alison", "Neil", "Zoë", "Phil",
        ),
        (
            "Smith", "Jones", "Taylor", "Brown", "Wilson", "Walker", "Wright", "Robinson",
            "Thompson", "Edwards", "Green", "Hall", "Wood", "Harris", "Clarke", "Jackson",
            "Turner", "Hill", "Moore", "Cooper", "Ward", "Morris", "King", "Watson", "Baxter",
            "Holmes", "Barker", "Lawson", "Atkinson", "Fletcher", "Sutcliffe", "Hargreaves",
            "Ackroyd", "Pickering", "Bradshaw", "Dixon", "Marsden", "Heaton", "Dunn", "Naylor",
        ),
    ),
    NameGroup(
        4,
        ("Rhys", "Ffion", "Carys", "Dafydd", "Sian", "Gethin", "Cerys", "Owain"),
        ("Davies", "Llewellyn", "Morgan", "Evans", "Griffiths", "Powell", "Rees", "Jenkins"),
    ),
    NameGroup(
        6,
        ("Iain", "Morag", "Callum", "Kirsty", "Fraser", "Eilidh", "Ross", "Shona"),
        ("Fraser", "Mackenzie", "Stewart", "Murray", "Reid", "Ross", "Ferguson", "McLeod"),
    ),
    NameGroup(
        6,
        ("Ciaran", "Siobhan", "Declan", "Aoife", "Conor", "Roisin", "Padraig", "Orla"),
        ("Byrne", "O'Brien", "Murphy", "Kelly", "Doyle", "Quinn", "Brennan", "O'Neill"),
    ),
    NameGroup(
        7,
        (
            "Aisha", "Amir", "Bilal", "Farah", "Hamza", "Imtiaz", "Nadia", "Saima", "Tariq",
            "Usman", "Zainab", "Asif", "Nasreen", "Rukhsana", "Yasmin", "Adeel",
        ),
        ("Ahmed", "Akhtar", "Hussain", "Iqbal", "Khan", "Malik", "Qureshi", "Rashid", "Butt"),
    ),
    NameGroup(
        3,
        ("Shahana", "Rubel", "Tahmina", "Jahid", "Nazia", "Shamim"),
        ("Chowdhury", "Rahman", "Uddin", "Miah", "Begum", "Islam"),
    ),
    NameGroup(
        5,
        (
            "Anjali", "Arjun", "Deepa", "Kiran", "Nikhil", "Rahul", "Sanjay", "Sunita",
            "Ravi", "Meera", "Rajesh", "Pooja",
        ),
        ("Patel", "Mistry", "Sharma", "Bhatt", "Desai", "Nair", "Joshi", "Mehta", "Lad"),
    ),
    NameGroup(
        3,
        ("Harpreet", "Jaspreet", "Gurdeep", "Manjit", "Amrit", "Kuldip", "Rajinder"),
        ("Gill", "Sandhu", "Dhillon", "Bains", "Sidhu", "Johal"),
    ),
    NameGroup(
        4,
        (
            "Chidi", "Chiamaka", "Ngozi", "Tolu", "Emeka", "Funmi", "Ifeoma", "Femi",
            "Yetunde", "Kemi", "Segun",
        ),
        ("Adeyemi", "Okonkwo", "Balogun", "Eze", "Nwosu", "Ogunleye", "Obi", "Adebayo"),
    ),
    NameGroup(
        2,
        ("Kwame", "Kofi", "Ama", "Akosua", "Yaw", "Efua", "Abena"),
        ("Asante", "Boateng", "Owusu", "Appiah", "Danso", "Ofori"),
    ),
    NameGroup(
        3,
        ("Marcia", "Delroy", "Jermaine", "Shanice", "Leon", "Andre", "Tanisha", "Winston"),
        ("Gordon", "Francis", "Grant", "Henry", "Bailey", "Johnson", "Morrison", "Clarke"),
    ),
    NameGroup(
        2,
        ("Abdi", "Hodan", "Ayan", "Mohamed", "Faisal", "Hawa", "Ilhan"),
        ("Hassan", "Warsame", "Farah", "Ali", "Osman", "Jama"),
    ),
    NameGroup(
        3,
        ("Wei", "Mei", "Kelvin", "Vivian", "Mandy", "Jun", "Xin", "Ka Yan"),
        ("Chen", "Wong", "Li", "Cheung", "Lam", "Ng", "Tang", "Liu"),
    ),
    NameGroup(1, ("Minh", "Linh", "Thao", "Duc"), ("Nguyen", "Tran", "Pham", "Le")),
    NameGroup(
        3,
        (
            "Agnieszka", "Piotr", "Katarzyna", "Marek", "Magdalena", "Pawel", "Joanna",
            "Krzysztof", "Ewa",
        ),
        ("Nowak", "Wojcik", "Kaczmarek", "Mazur", "Krawczyk", "Dudek", "Wrobel"),
    ),
    NameGroup(1, ("Andrei", "Ioana", "Mihai", "Elena"), ("Popescu", "Munteanu", "Ionescu")),
    NameGroup(1, ("Nikos", "Eleni", "Christos", "Maria"), ("Georgiou", "Papadopoulos")),
    NameGroup(1, ("Emre", "Elif", "Mehmet", "Zeynep"), ("Yilmaz", "Demir", "Kaya")),
    NameGroup(1, ("Marco", "Giulia", "Luca", "Francesca"), ("Rossi", "Esposito", "Conti")),
)  # fmt: skip


# -- Profiles ----------------------------------------------------------------

# Placeholders: {title_a} (job title with its article), {function}, {town},
# {year} (joined), {years} (at Northgate, in words), {previous}.
BIO_OPENINGS: tuple[str, ...] = (
    "I've been with Northgate for {years} years and I'm now {title_a}, based in {town}.",
    "I joined Northgate in {year} from {previous}, and these days I'm {title_a} in our "
    "{town} office.",
    "After {years} years at Northgate I still learn something new about {function} most "
    "weeks; I'm currently {title_a}.",
    "I started at Northgate in {year}, worked my way through {function}, and I'm now {title_a}.",
    "Since coming over from {previous} in {year}, I've spent most of my time in {function}, "
    "where I'm now {title_a}.",
    "I'm {title_a} in {function}, working out of {town}, and I've been here since {year}.",
)
BIO_OPENINGS_NEW: tuple[str, ...] = (
    "I joined Northgate in {year} from {previous} and I'm {title_a} in {function}.",
    "I'm fairly new to Northgate: I arrived from {previous} in {year} and I'm {title_a} "
    "based in {town}.",
    "I joined in {year} as {title_a}, so I'm still learning how Northgate works and asking "
    "a lot of questions.",
)
BIO_FOCUS: tuple[str, ...] = (
    "Most of my time goes on helping my team plan work that survives contact with the day.",
    "I care a lot about safety conversations that happen *before* something goes wrong.",
    "I'm interested in how we make decisions closer to the people who do the work.",
    "Lately I've been trying to get better at delegating properly: handing over the "
    "decision, not just the task.",
    "I'm happiest untangling a process that everyone has quietly worked around for years.",
    "I like turning data into a conversation rather than a report nobody reads.",
    "I try to run a team where bad news travels fast and nobody is blamed for bringing it.",
    "I'm working on coaching more and fixing less.",
    "Helping new starters find their feet is the part of the job I enjoy most.",
    "I spend a lot of time between sites and I'm keen on anything that makes us feel like "
    "one organisation.",
    "I'm drawn to the knotty problems that sit between two teams and belong to neither.",
    "I'm trying to bring more of the customer's voice into the way we plan our work.",
    "Budgets, rotas and risk registers are my bread and butter, but people are the "
    "interesting bit.",
    "I want to understand what our changes feel like at the front line, not just how they "
    "look on paper.",
    "I'm passionate about **flexible working** that works for the service as well as for the team.",
    "My current focus is getting our winter resilience plans tested properly, not just written.",
    "I've become the unofficial translator between our specialists and everyone else.",
    "I'm keen to see more of our junior colleagues given real problems to own.",
)
BIO_PERSONAL: tuple[str, ...] = (
    "Outside work I coach an under-11s football team.",
    "Away from work you'll find me on the fells with a flask and a map.",
    "I sing, not always in tune, in a community choir.",
    "I'm a school governor and a keen, if slow, parkrunner.",
    "I'm learning Welsh, one word at a time.",
    "At weekends I'm usually on the allotment or at the cricket.",
    "I volunteer at a food bank in {town}.",
    "I have two teenagers and a very patient dog.",
    "I'm a reluctant but improving cyclist.",
    "I bake, and the office benefits.",
    "I'm a magistrate in my spare time, which has taught me a lot about listening.",
    "Ask me about birdwatching on the Humber estuary.",
    "I play five-a-side on Thursdays and talk about it on Fridays.",
    "I'm a trustee of a small local charity for young carers.",
)
PERSPECTIVES: tuple[str, ...] = (
    "Before Northgate I worked in {previous}, so I often see our problems from the outside in.",
    "I see things from where {function} sits, and I'm keen to hear how they look from "
    "everywhere else.",
    "Years of shift work have taught me to ask how a decision will land at 3 a.m., not "
    "just at 3 p.m.",
    "I've worked at several of our sites, so I notice where {town} does things "
    "differently, and sometimes better.",
    "I'm usually the person who asks what the customer would make of it.",
    "I came into management later in my career, after years as a specialist, and I "
    "remember what it's like on the other side of the desk.",
    "I grew up around a family business, so I think about cost and cash in a very practical way.",
    "As a carer outside work, I have a lot to say about what flexible working makes possible.",
    "I'm the first in my family to go to university and I want talent from every "
    "background to get a fair hearing.",
    "I ask a lot of *why* questions, and I'm comfortable slowing a decision down to check it.",
    "I have a background in analysis, so I bring a healthy scepticism about averages.",
    "I've led teams through two restructures and learned most of what I know from getting "
    "the first one wrong.",
    "I'm an optimist about technology and a realist about how long change takes.",
    "Time in {previous} taught me to do a lot with very little.",
    "I'm a Mental Health First Aider, and I notice when a team is running on empty.",
    "I bring the view from {town}, where customers see us at our best and our worst.",
)
PREVIOUS_EMPLOYERS: tuple[str, ...] = (
    "the NHS",
    "a housing association",
    "local government",
    "the Armed Forces",
    "a water company",
    "retail banking",
    "a software start-up",
    "the civil service",
    "a logistics firm",
    "the fire and rescue service",
    "a construction contractor",
    "a supermarket chain",
    "a university",
    "the voluntary sector",
    "an engineering consultancy",
)


# -- Communities -------------------------------------------------------------


class CommunitySpec(NamedTuple):
    """A community: who sponsors and convenes it, and whom its members are drawn from."""

    name: str
    visibility: str
    sponsor: str
    size: int
    levels: tuple[str, ...]
    purpose: str
    convenor: str = ""
    members: tuple[str, ...] = ()
    co_convenor: bool = True


ALL_MANAGERS = ("front_line", "middle", "senior")

COMMUNITIES: tuple[CommunitySpec, ...] = (
    CommunitySpec(
        name="Leading Through Change",
        visibility="open",
        sponsor="sponsor@northgate.example",
        size=22,
        levels=ALL_MANAGERS,
        members=("member@northgate.example",),
        purpose=(
            "Northgate is in the middle of more change than most of us have known: a new "
            "asset management system, a reorganised field service, and customers who "
            "rightly expect more of us every year. This community is for any manager who "
            "is leading people through change they did not design and cannot fully "
            "control, and who wants to do it better.\n\n"
            "We meet monthly, alternating between sites and online, to bring real "
            "situations from our own teams, think them through with colleagues from other "
            "functions, and try something different before the next gathering. Nobody is "
            "expected to have the answers; we *are* expected to be honest about what is "
            "and isn't working."
        ),
    ),
    CommunitySpec(
        name="Data-Informed Leadership",
        visibility="open",
        sponsor="helen.zhang@northgate.example",
        size=16,
        levels=ALL_MANAGERS,
        members=("member@northgate.example",),
        purpose=(
            "Good decisions need good evidence, but few of us were taught how to read a "
            "dashboard critically or how to ask an analyst the right question. This "
            "community brings together managers who want to use data with more confidence "
            "and more care, without handing their judgement over to a spreadsheet.\n\n"
            "We work on live questions that members bring from their own areas, pairing "
            "colleagues from Digital & Data with people from the front line. Expect short, "
            "practical sessions, shared worked examples, and the occasional lively "
            "argument about what a number really means."
        ),
    ),
    CommunitySpec(
        name="Cross-Site Innovators",
        visibility="open",
        sponsor="sponsor@northgate.example",
        size=14,
        levels=ALL_MANAGERS,
        co_convenor=False,
        purpose=(
            "Some of our best ideas are sitting in one depot or office, unknown to the "
            "other four. Cross-Site Innovators exists to find those ideas, test them "
            "somewhere new, and share what we learn, good and bad, across Leeds, "
            "Manchester, Sheffield, Newcastle and Hull.\n\n"
            "Members propose small experiments, find a partner at another site, and bring "
            "the results back to the community. We keep a simple log of what has been "
            "tried so that nobody starts from scratch, and we ask our sponsor for time and "
            "modest funding when an idea deserves a proper trial."
        ),
    ),
    CommunitySpec(
        name="New Managers' Circle",
        visibility="private",
        sponsor="imran.siddiqui@northgate.example",
        size=12,
        levels=("front_line",),
        convenor="convenor@northgate.example",
        purpose=(
            "The first year as a manager can be the loneliest. You are suddenly "
            "responsible for people who may have been your peers, and much of what you "
            "need to know is never written down. The New Managers' Circle is a "
            "confidential space for managers in their first years in the role to talk "
            "openly about what is hard and what they are learning.\n\n"
            "We meet every three weeks in small groups, use a simple action-learning "
            "format, and keep what is said in the room. The circle is private so that "
            "members can speak freely; if you have recently taken on a team and would "
            "like to join, ask to join and the convenor will be in touch."
        ),
    ),
    CommunitySpec(
        name="Courageous Conversations",
        visibility="private",
        sponsor="gareth.price@northgate.example",
        size=9,
        levels=("middle", "senior"),
        purpose=(
            "Much of leadership comes down to the conversations we put off: the "
            "performance concern, the colleague who is struggling, the challenge to a "
            "decision made above us. This community is for managers who want to get "
            "better at those conversations by practising them with people they trust.\n\n"
            "We rehearse real conversations in threes, give each other candid feedback, "
            "and reflect on what happened when we tried them for real. Because members "
            "bring sensitive situations, the community is private and what is discussed "
            "stays within it."
        ),
    ),
)

# Communities that have lost a member, one former member each.
FORMER_MEMBER_COMMUNITIES: tuple[str, ...] = (
    "Leading Through Change",
    "Data-Informed Leadership",
    "Cross-Site Innovators",
    "New Managers' Circle",
)

JOIN_REQUEST_COMMUNITY = "New Managers' Circle"
JOIN_REQUEST_MESSAGE = (
    "I took on my first team this year and would value hearing how others have handled "
    "the first few months."
)

INVITATION_COMMUNITY = "Courageous Conversations"
INVITATION_INVITEE = "member@northgate.example"
INVITATION_MESSAGE = (
    "Sam, I think you'd bring a lot to this group, and I suspect you'd get something from "
    "it too. Do join us if you'd like to."
)
