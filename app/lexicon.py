"""Small hand-written word lists the engine reasons with.

These are general facts of English news writing (which verbs report the same
kind of event, which nouns count people, which words hedge), not rules for
any one story.
"""

from __future__ import annotations

# Predicate classes: lemmas that report the same kind of event share a class.
# Used both as a linking feature and to decide which quantities are comparable.
_EVENT_CLASSES: dict[str, tuple[str, ...]] = {
    "kill": (
        "kill",
        "die",
        "dead",
        "death",
        "deadly",
        "fatality",
        "fatal",
        "slay",
        "perish",
        "murder",
        "assassinate",
        "assassination",
        "execute",
        "toll",
        "body",
        "corpse",
        "life",
        "lose",
        "martyr",
        "casualty",
    ),
    "injure": (
        "injure",
        "injury",
        "wound",
        "wounded",
        "hurt",
        "injured",
        "hospitalize",
        "hospitalise",
        "treat",
        "harm",
        "hospital",
        "hospitalise",
        "hospitalize",
    ),
    "attack": (
        "attack",
        "strike",
        "hit",
        "bomb",
        "bombing",
        "raid",
        "airstrike",
        "shell",
        "shelling",
        "target",
        "assault",
        "blast",
        "explosion",
        "explode",
        "detonate",
        "fire",
        "launch",
        "salvo",
        "offensive",
    ),
    "land": ("land", "landing", "touchdown", "touch"),
    "concede": ("concede", "concession"),
    "start": ("start", "begin", "erupt", "ignite", "spark", "outbreak"),
    "sink": (
        "sink",
        "capsize",
        "overturn",
        "founder",
        "crash",
        "derail",
        "collide",
        "collision",
        "wreck",
        "shipwreck",
        "sinking",
        "plunge",
    ),
    "fire_": ("blaze", "burn", "inferno", "engulf"),
    "flood": ("flood", "flooding", "inundate", "submerge", "landslide", "mudslide"),
    "quake": ("earthquake", "quake", "tremor", "aftershock", "temblor", "shake", "jolt"),
    "destroy": ("destroy", "damage", "collapse", "flatten", "raze", "wreck", "ruin", "level"),
    "evacuate": ("evacuate", "evacuation", "flee", "displace", "shelter", "evacuee"),
    "arrest": ("arrest", "detain", "apprehend", "custody", "capture", "seize", "nab"),
    "charge": ("charge", "indict", "accuse", "prosecute", "allege"),
    "sentence": ("sentence", "jail", "imprison", "prison", "term", "imprisonment"),
    "rule": (
        "rule",
        "ruling",
        "verdict",
        "decision",
        "judgment",
        "judgement",
        "decide",
        "uphold",
        "overturn",
        "strike_down",
    ),
    "acquire": (
        "acquire",
        "acquisition",
        "buy",
        "purchase",
        "takeover",
        "merge",
        "merger",
        "deal",
        "bid",
        "offer",
        "agreement",
        "pact",
        "sell",
        "sale",
        "pay",
        "price",
        "value",
    ),
    "cut": ("cut", "layoff", "lay", "eliminate", "shed", "slash", "reduce", "axe", "job"),
    "score": ("score", "goal", "net", "equalise", "equalize", "header", "penalty"),
    "win": ("win", "victory", "beat", "defeat", "triumph", "clinch", "lift"),
    "infect": (
        "infect",
        "infection",
        "case",
        "sicken",
        "ill",
        "illness",
        "outbreak",
        "contract",
        "diagnose",
        "poisoning",
        "sick",
    ),
    "condemn": ("condemn", "denounce", "criticize", "criticise", "decry", "slam", "blast"),
    "vow": ("vow", "pledge", "promise", "threaten", "warn"),
    "rise": ("rise", "climb", "jump", "soar", "surge", "gain", "increase", "grow"),
    "fall": ("fall", "drop", "slide", "plunge", "decline", "sink", "tumble", "lose"),
    "recall": ("recall", "withdraw", "withdrawal", "pull", "remove", "ban"),
    "halt": (
        "halt",
        "suspend",
        "suspension",
        "stop",
        "cease",
        "pause",
        "shut",
        "close",
        "closure",
        "shutdown",
    ),
    "trace": ("trace", "link", "source", "origin", "blame", "cause"),
    "resign": ("resign", "resignation", "quit", "oust", "sack", "fire", "dismiss"),
    "investigate": (
        "investigate",
        "investigation",
        "probe",
        "inquiry",
        "inspect",
        "inspection",
        "examine",
    ),
    "approve": (
        "approve",
        "approval",
        "pass",
        "adopt",
        "ratify",
        "authorize",
        "authorise",
    ),
    "reject": ("reject", "block", "veto", "refuse", "deny", "dismiss", "overrule"),
    "rescue": ("rescue", "save", "pull", "recover", "survivor", "survive"),
    "announce": ("unveil", "disclose", "publicize", "publicise"),
    "say": ("say", "tell", "state", "announce", "report", "add", "claim", "declare"),
}

EVENT_CLASS: dict[str, str] = {}
for _cls, _lemmas in _EVENT_CLASSES.items():
    for _lemma in _lemmas:
        EVENT_CLASS.setdefault(_lemma, _cls)

# Events that one incident is reported as: "killed in a strike" and "the
# strike hit" date and place the same happening.
EVENT_FAMILY: dict[str, str] = {
    cls: "incident"
    for cls in (
        "kill",
        "injure",
        "attack",
        "destroy",
        "quake",
        "evacuate",
        "sink",
        "fire_",
        "flood",
        "rescue",
    )
}

# Verbs that introduce a source ("X said") rather than an event of the story.
REPORTING_VERBS = frozenset(
    {
        "say",
        "tell",
        "state",
        "announce",
        "report",
        "add",
        "claim",
        "declare",
        "confirm",
        "describe",
        "characterize",
        "write",
        "post",
        "insist",
        "note",
        "explain",
        "estimate",
        "acknowledge",
        "blame",
        "believe",
        "allege",
        "warn",
        "stress",
        "name",
        "identify",
    }
)

# Nouns that count people; numbers counting them are one quantity per event.
PERSON_NOUNS = frozenset(
    """
    people person civilian fighter soldier militant commander member child adult man woman
    worker resident passenger victim student officer troop employee patient pilgrim tourist
    crew sailor miner firefighter police policeman rescuer volunteer protester demonstrator
    leader official staff servicemember service serviceman servicemen personnel guard
    individual citizen national inhabitant villager family player fan spectator customer
    driver teenager boy girl infant baby elder migrant refugee prisoner inmate hostage
    mother father son daughter wife husband brother sister parent grandmother grandfather
    grandparent relative sibling
    suspect defendant juror judge justice lawmaker
    """.split()
)

# Nouns that count the same thing under another name.
NOUN_SYNONYMS: dict[str, str] = {
    "km": "kilometre",
    "kilometer": "kilometre",
    "kms": "kilometre",
    "mi": "mile",
    "metre": "metre",
    "meter": "metre",
    "m": "metre",
    "position": "job",
    "post": "job",
    "role": "job",
    "workforce": "job",
    "employee": "job",
    "worker": "job",
    "%": "percent",
    "pct": "percent",
    "home": "house",
    "dwelling": "house",
    "building": "building",
    "structure": "building",
    "hectare": "hectare",
    "acre": "acre",
}

# Posts that one person holds at a time: two articles naming different people
# for "the captain" or "the governor" disagree.  (Not "spokesman" or
# "commander": there are many of those.)
ROLE_NOUNS = frozenset(
    """
    captain skipper pilot governor mayor president premier chancellor ceo executive
    chairman chairwoman chairperson chair coach manager owner founder prosecutor sheriff
    headteacher headmaster principal dean rector minister secretary speaker author
    """.split()
)

# Nouns for parts of the map: a name modifying one of them is a location.
PLACE_NOUNS = frozenset(
    """
    neighborhood neighbourhood district city town village province region area suburb
    capital street road highway square zone county state border coast island port
    quarter outskirts camp municipality valley county township precinct
    """.split()
)

# Who a count of people counts.  Generic words ("people", "victims") compare
# with each other; a specific group ("students", "passengers") is often a
# subset of a toll ("eleven students died there" within "31 killed") and
# compares only with the same group.  Combatants are one group: "three
# fighters" and "two commanders" killed in one strike is the same toll.
_PERSON_GROUP_WORDS: dict[str, tuple[str, ...]] = {
    "people": (
        "people",
        "person",
        "individual",
        "victim",
        "civilian",
        "resident",
        "citizen",
        "inhabitant",
        "villager",
        "member",
        "national",
        "other",
        "others",
        "adult",
        "man",
        "woman",
        "dead",
        "casualty",
        "mother",
        "father",
        "wife",
        "husband",
        "brother",
        "sister",
        "parent",
        "relative",
        "grandmother",
        "grandfather",
        "grandparent",
        "sibling",
    ),
    "combatants": (
        "fighter",
        "militant",
        "commander",
        "soldier",
        "troop",
        "servicemember",
        "serviceman",
        "servicemen",
        "personnel",
        "guard",
        "insurgent",
        "rebel",
        "gunman",
        "leader",
    ),
    "children": (
        "child",
        "boy",
        "girl",
        "infant",
        "baby",
        "teenager",
        "student",
        "pupil",
        "son",
        "daughter",
    ),
    "workers": (
        "worker",
        "employee",
        "staff",
        "miner",
        "crew",
        "sailor",
        "pilot",
        "copilot",
        "attendant",
    ),
    "passengers": (
        "passenger",
        "tourist",
        "pilgrim",
        "migrant",
        "refugee",
        "traveller",
        "traveler",
    ),
    "police": ("police", "policeman", "officer", "firefighter", "rescuer", "volunteer"),
    "fans": ("fan", "spectator", "supporter", "crowd", "player"),
    "protesters": ("protester", "demonstrator"),
    "detainees": ("prisoner", "inmate", "hostage", "suspect", "defendant"),
}
PERSON_GROUPS: dict[str, str] = {
    word: group for group, words in _PERSON_GROUP_WORDS.items() for word in words
}
PEOPLE_CLASSES = frozenset(_PERSON_GROUP_WORDS)

# Nouns that carry their event with them ("the death toll", "injuries").
NOUN_EVENT = {
    "dead": "kill",
    "death": "kill",
    "fatality": "kill",
    "toll": "kill",
    "body": "kill",
    "casualty": "kill",
    "life": "kill",
    "injury": "injure",
    "wounded": "injure",
    "injured": "injure",
    "case": "infect",
    "infection": "infect",
    "patient": "infect",
    "layoff": "cut",
    "job": "cut",
    "goal": "score",
    "evacuee": "evacuate",
}

# Vague quantities as inclusive ranges.
VAGUE_QUANTITIES: dict[str, tuple[float, float]] = {
    "dozens": (24, 99),
    "scores": (40, 199),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "tens of thousands": (20000, 99999),
    "hundreds of thousands": (200000, 999999),
    "millions": (2e6, 9.99e8),
    "several": (3, 9),
    "a few": (2, 5),
    "a handful": (2, 6),
    "a couple": (2, 3),
    "numerous": (5, 1e9),
    "many": (5, 1e9),
    "dozen": (12, 12),
    "a dozen": (12, 12),
    "half a dozen": (6, 6),
    "a score": (20, 20),
}

NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "no": 0,
    "none": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "single": 1,
    "two": 2,
    "both": 2,
    "pair": 2,
    "couple": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

ORDINAL_WORDS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
}

SCALE_WORDS: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "m": 1e6,
    "mn": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "k": 1e3,
}

# Words before a number that make it a bound or an approximation.
LOWER_BOUND = frozenset({"least", "more", "over", "above", "exceed", "exceeding", "upwards"})
UPPER_BOUND = frozenset({"most", "fewer", "less", "under", "below", "up", "nearly", "almost"})
APPROXIMATE = frozenset(
    {
        "about",
        "around",
        "approximately",
        "roughly",
        "some",
        "estimated",
        "nearly",
        "almost",
        "close",
        "circa",
        "an",
        "approx",
        "or",
        "so",
    }
)

HEDGES = frozenset(
    {
        "allegedly",
        "reportedly",
        "apparently",
        "purportedly",
        "supposedly",
        "possibly",
        "probably",
        "likely",
        "unconfirmed",
        "suspected",
        "presumably",
        "seemingly",
        "rumored",
        "rumoured",
        "believed",
        "thought",
    }
)

NEGATIONS = frozenset({"not", "n't", "never", "no", "deny", "denied", "neither", "nor"})

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Direction words, folded to one form: "northern" and "north of" agree.
DIRECTIONS: dict[str, str] = {
    "north": "north",
    "northern": "north",
    "south": "south",
    "southern": "south",
    "east": "east",
    "eastern": "east",
    "west": "west",
    "western": "west",
    "central": "central",
    "downtown": "central",
    "northeast": "northeast",
    "northeastern": "northeast",
    "northwest": "northwest",
    "northwestern": "northwest",
    "southeast": "southeast",
    "southeastern": "southeast",
    "southwest": "southwest",
    "southwestern": "southwest",
}

# Common spelling variants and demonyms folded to one key.  A fact, not a rule
# for a story: "U.S.", "US", "United States", "American" name one country.
_ALIASES: dict[str, tuple[str, ...]] = {
    "united states": (
        "us",
        "u.s.",
        "u.s",
        "usa",
        "u.s.a.",
        "america",
        "american",
        "americans",
        "united states of america",
        "washington",
    ),
    "united kingdom": ("uk", "u.k.", "britain", "great britain", "british", "briton", "britons"),
    "united nations": ("un", "u.n."),
    "european union": ("eu", "e.u."),
    "iraq": ("iraqi", "iraqis"),
    "iran": ("iranian", "iranians", "islamic republic"),
    "israel": ("israeli", "israelis"),
    "syria": ("syrian", "syrians"),
    "russia": ("russian", "russians"),
    "ukraine": ("ukrainian", "ukrainians"),
    "china": ("chinese",),
    "france": ("french",),
    "germany": ("german", "germans"),
    "japan": ("japanese",),
    "turkey": ("turkish", "turks", "turkiye", "türkiye"),
    "afghanistan": ("afghan", "afghans"),
    "pakistan": ("pakistani", "pakistanis"),
    "india": ("indian", "indians"),
    "mexico": ("mexican", "mexicans"),
    "canada": ("canadian", "canadians"),
    "italy": ("italian", "italians"),
    "spain": ("spanish",),
    "egypt": ("egyptian", "egyptians"),
    "yemen": ("yemeni", "yemenis"),
    "lebanon": ("lebanese",),
    "jordan": ("jordanian", "jordanians"),
    "saudi arabia": ("saudi", "saudis"),
    "indonesia": ("indonesian", "indonesians"),
    "philippines": ("filipino", "filipinos", "philippine"),
    "greece": ("greek", "greeks"),
    "australia": ("australian", "australians"),
    "new zealand": ("new zealander",),
    "netherlands": ("dutch", "holland"),
    "palestine": ("palestinian", "palestinians"),
    "department of defense": ("pentagon", "dod", "defense department", "defence department"),
    "islamic state": ("isis", "isil", "is", "daesh"),
}

ALIAS: dict[str, str] = {}
for _canonical, _variants in _ALIASES.items():
    ALIAS[_canonical] = _canonical
    for _variant in _variants:
        ALIAS.setdefault(_variant, _canonical)

# Furniture of web pages: lines that are never claims.
FURNITURE_PATTERNS: tuple[str, ...] = (
    r"^related (posts?|articles?|stories|news|coverage|content)\b",
    r"^(read|see) (more|also)\b",
    r"^(share|tweet|email|print) (this|on|the)\b",
    r"^share\s*:?$",
    r"^scroll to top$",
    r"^(subscribe|sign up|join)\b.*\b(newsletter|updates|inbox|today|free)\b",
    r"\bsubscribe to our\b",
    r"^advertisement$",
    r"^(click|tap) here\b",
    r"^follow us\b",
    r"\ball rights reserved\b",
    r"^(copyright|©)",
    r"\bcookies?\b.*\b(accept|policy|consent)\b",
    r"^(tags?|categories|filed under)\s*:",
    r"^(posted|published|updated|last updated)\s*(on|at|:)",
    # A byline: capitalised name words, then at most a title after a comma
    # ("By Mark Tennant, Chief Sports Writer"), never "By Saturday evening the ...".
    r"^(by|written by|posted by|reporting by|editing by|additional reporting by)"
    r"\s+[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,3}\s*([,|–—-].{0,60}|and .{0,40})?$",
    r"\b(is|are) the best place to\b",
    r"\ball of our (most )?recent posts\b",
    r"^(leave|post) a (comment|reply)\b",
    r"^(previous|next) (post|article|story)\b",
    r"^(photo|image|video|credit)\s*:",
    r"\b(delivered|straight) to your inbox\b",
    r"\b(here is|here's|below is) (a|our) (round-?up|summary|recap|look)\b",
    r"\beverything (we|you need to) know\b",
    r"\b(download|get) (our|the) app\b",
    r"^(watch|listen)\s*:",
    r"\bthis (article|story|post) (was|has been) (updated|amended|corrected)\b",
)
