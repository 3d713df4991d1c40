"""The closed word classes the engine reads text with.

Number words, bounds, vague amounts, hedges, weekdays, compass directions,
name aliases, places by size, negation scope words and page furniture: small,
closed sets that are facts of English news writing and of the map.  Which
words report the same event, which nouns count the same thing and which
values are values of one slot are not listed anywhere: they are read from
the parse and fitted on data (``app.engine``).
"""

from __future__ import annotations

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


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Signs written before a figure and the currency each names.  A dollar sign
# with a country's letters is that country's dollar ("A$1.5m", "NZ$2
# million"); "$" alone, and "$US", are the US dollar wire copy means by it.
CURRENCY_SIGNS: dict[str, str] = {
    **dict.fromkeys(("$", "us$", "$us"), "money:$"),
    **dict.fromkeys(("a$", "au$", "$a", "$au"), "money:A$"),
    **dict.fromkeys(("nz$", "$nz"), "money:NZ$"),
    **dict.fromkeys(("c$", "ca$", "$c", "$ca"), "money:C$"),
    **dict.fromkeys(("hk$", "$hk"), "money:HK$"),
    **dict.fromkeys(("s$", "$s"), "money:S$"),
    "€": "money:€",
    "£": "money:£",
    "¥": "money:¥",
    "₹": "money:₹",
}

# The word before "dollars" that makes them a country's: "2.8 million
# Australian dollars" are A$2.8 million ("New Zealand", "Hong Kong": the last
# word of the name).
DOLLAR_COUNTRIES: dict[str, str] = {
    "us": "us$",
    "american": "us$",
    "australian": "a$",
    "zealand": "nz$",
    "canadian": "c$",
    "kong": "hk$",
    "singapore": "s$",
}

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

# Abbreviations in place names, spelled out in name keys by where they stand
# in a name of two words or more: "Mt Cook", "Port St. Lucie" / "Main St".
NAME_ABBREVIATIONS_BEFORE_LAST: dict[str, str] = {
    "mt": "mount",
    "mtn": "mountain",
    "ft": "fort",
    "pt": "point",
    "st": "saint",
}
NAME_ABBREVIATIONS_LAST: dict[str, str] = {
    "st": "street",
    "rd": "road",
    "ave": "avenue",
    "blvd": "boulevard",
    "hwy": "highway",
}

# Time zones a clock time is told in: "07:37 a.m. UTC (3:37 a.m. EDT)".
TIME_ZONES = frozenset(
    {
        *("gmt", "utc", "bst", "cet", "cest", "eet", "ist", "jst", "aest", "aedt", "wib"),
        *("et", "est", "edt", "ct", "cst", "cdt", "mt", "mst", "mdt", "pt", "pst", "pdt"),
    }
)

# Stock exchanges, as a listing names them: "(NYSE: AMD)", "(Nasdaq: AAPL)".
STOCK_EXCHANGES = (
    *("NYSE", "NYSE American", "NYSE Arca", "NYSEArca", "Nasdaq", "AMEX", "OTC", "OTCQX"),
    *("LSE", "AIM", "TSX", "TSX-V", "TSXV", "ASX", "NZX", "HKEX", "SEHK", "SGX", "SSE"),
    *("SZSE", "NSE", "BSE", "TSE", "KRX", "KOSDAQ", "JSE", "SIX", "Xetra", "FWB", "Euronext"),
    *("BME", "OMX", "TASE", "Tadawul", "BMV", "B3", "Bovespa", "MOEX"),
)

# Words that make a day recur: "every Monday", "each month".
RECURRING = frozenset({"every", "each"})

# Words a page's own timestamp line holds besides dates and clock times:
# "Last updated 13:26 14/09/2013", "Published 7:02 pm ET, Tue March 3".
TIMESTAMP_WORDS = TIME_ZONES | frozenset(
    {
        *("updated", "update", "posted", "published", "modified", "created", "first", "last"),
        *("on", "at", "am", "pm", "a", "m", "p"),
    }
)

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

# Places by size, as name keys: continents, countries (and the UK's
# nations), then the first-level regions of the countries most news comes
# from (US states with their AP abbreviations, Canadian provinces,
# Australian states).  Two places of two sizes ("Texas" / "San Antonio",
# "Harris County" / "Texas") are a place told at two sizes, not two places;
# a name in none of these is a town or smaller, unless it ends in one of
# ``FIRST_LEVEL_WORDS`` or ``AREA_WORDS`` (a province, a county ...).
CONTINENTS = frozenset(
    {
        "africa",
        "asia",
        "europe",
        "antarctica",
        "oceania",
        "north america",
        "south america",
        "middle east",
    }
)
_COUNTRY_WORDS = frozenset(
    (
        "afghanistan albania algeria andorra angola argentina armenia australia austria "
        "azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan "
        "bolivia bosnia botswana brazil brunei bulgaria burundi cambodia cameroon canada "
        "chad chile china colombia comoros congo croatia cuba cyprus denmark djibouti "
        "dominica ecuador egypt eritrea estonia eswatini ethiopia fiji finland france gabon "
        "gambia germany ghana greece grenada guatemala guinea guyana haiti honduras "
        "hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan "
        "kazakhstan kenya kiribati kosovo kuwait kyrgyzstan laos latvia lebanon lesotho "
        "liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia "
        "maldives mali malta mauritania mauritius mexico moldova monaco mongolia montenegro "
        "morocco mozambique myanmar burma namibia nauru nepal netherlands holland nicaragua "
        "niger nigeria norway oman pakistan palau palestine panama paraguay peru philippines "
        "poland portugal qatar romania russia rwanda samoa senegal serbia seychelles "
        "singapore slovakia slovenia somalia spain sudan suriname sweden switzerland syria "
        "taiwan tajikistan tanzania thailand togo tonga trinidad tunisia turkey turkmenistan "
        "tuvalu uganda ukraine uae uruguay uzbekistan vanuatu venezuela vietnam yemen zambia "
        "zimbabwe england scotland wales korea"
    ).split()
)
_COUNTRY_NAMES = frozenset(
    {
        "burkina faso",
        "cape verde",
        "costa rica",
        "czech republic",
        "dominican republic",
        "el salvador",
        "ivory coast",
        "new zealand",
        "north korea",
        "north macedonia",
        "papua new guinea",
        "san marino",
        "saudi arabia",
        "sierra leone",
        "south africa",
        "south korea",
        "south sudan",
        "sri lanka",
        "united arab emirates",
        "united kingdom",
        "united states",
        "democratic republic of congo",
        "democratic republic of the congo",
        "central african republic",
        "bosnia and herzegovina",
        "czechia",
        "east timor",
        "timor leste",
        "cote divoire",
        "northern ireland",
    }
)
COUNTRIES = _COUNTRY_WORDS | _COUNTRY_NAMES
_STATE_WORDS = frozenset(
    (
        "alabama georgia alaska arizona arkansas california colorado connecticut delaware florida "
        "hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland "
        "massachusetts michigan minnesota mississippi missouri montana nebraska nevada ohio "
        "oklahoma oregon pennsylvania tennessee texas utah vermont virginia wisconsin "
        "wyoming ala ariz ark calif colo conn del fla ga ill ind kan kans ky md mass mich "
        "minn miss mo mont neb nev okla ore pa tenn vt va wash wis wyo alberta manitoba "
        "newfoundland ontario quebec saskatchewan queensland tasmania nh nj nm nc nd ri sc "
        "sd wva ny"
    ).split()
)
_STATE_NAMES = frozenset(
    {
        "new hampshire",
        "new jersey",
        "new mexico",
        "north carolina",
        "north dakota",
        "rhode island",
        "south carolina",
        "south dakota",
        "west virginia",
        "british columbia",
        "new brunswick",
        "nova scotia",
        "prince edward island",
        "new south wales",
        "western australia",
        "south australia",
        "northern territory",
    }
)
STATES = _STATE_WORDS | _STATE_NAMES
# A place whose name ends in one of these words is a first-level area
# ("Aceh province", "Plateau State", "Tigray region") or one below it
# ("Fulton County", "Swat district").
FIRST_LEVEL_WORDS = frozenset(
    {"state", "province", "region", "prefecture", "oblast", "governorate"}
)
AREA_WORDS = frozenset({"county", "district", "municipality", "parish"})
# Adverbs between a negation and its verb that it denies instead of the act:
# "not formally overturned", "not immediately reached", "not yet paid",
# "could not independently verify".
SCOPE_ADVERBS = frozenset(
    {
        "formally",
        "officially",
        "publicly",
        "immediately",
        "initially",
        "independently",
        "previously",
        "originally",
        "yet",
        "fully",
        "completely",
        "entirely",
        "directly",
        "personally",
        "explicitly",
    }
)
# Verbs whose negation is read on the clause under them ("I don't think he
# came" says "I think he didn't come"): a negation moved between them and
# that clause says the same thing.
NEG_RAISING = frozenset(
    {"think", "believe", "feel", "expect", "want", "seem", "appear", "suppose", "imagine"}
)
