"""Numbers in a message, read against the catalog's numeric fields (bot/schema.py).

    "an 80s action movie"          year >= 1980, year <= 1989
    "something recent"             year >= the catalog's newest year - 5
    "made before 1970"             year < 1970
    "nothing above 250"            price <= 250
    "between 100 and 200 rupees"   price >= 100, price <= 200
    "cheap" / "premium"            price under the catalog's median / over its upper quartile
    "highly rated"                 rating >= the catalog's upper quartile
    "4 stars and up"               rating >= 4

A reading applies only when the catalog has a field that plays the part (a catalog
without prices reads no budget). Each becomes a hard filter (`Condition`), and the
words that said it are taken out of what is searched by meaning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.number_words import digits_for_number_words
from bot.phrases import number
from bot.schema import CatalogSchema, NumberField

CURRENCY = r"(?:[$€£₹¥]|rs\.?|inr|usd|eur|gbp)"
CURRENCY_WORDS = r"(?:rupees?|rs\.?|inr|dollars?|bucks|euros?|pounds?|quid|usd|eur)"
AMOUNT = r"(\d[\d,]*(?:\.\d+)?)(k\b)?"
# Units that make a number something other than money: sizes, shares, ages, lengths.
NOT_MONEY = (r"(?:percent|per ?cent|kgs?|kilos?|kilograms?|g|gm|gms|grams?|mg|ml|l|ltrs?|"
             r"litres?|liters?|pcs?|pieces?|sheets?|packs?|cm|mm|inch(?:es)?|years?|yrs?|"
             r"mins?|minutes?|hours?|hrs?|stars?|calories|kcal)")
MONEY = rf"{CURRENCY}?\s*{AMOUNT}(?:\s*{CURRENCY_WORDS}\b)?"
YEAR = r"((?:1[89]|20)\d\d)"
DECADE_WORDS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
                "seventies": 70, "eighties": 80, "nineties": 90}
# The decade words as people type them: "nineties", "ninetys", "90's".
NOUGHTIES = r"n[ao]ughties|aughts"  # the 2000s, in British and American English
DECADE_SPELLINGS = (r"(?:(?:twent|thirt|fou?rt|fift|sixt|sevent|eight|nine?t)(?:ies|ys|ees|is)|"
                    rf"{NOUGHTIES})")
MISSPELT = {"fourt": "fort", "nint": "ninet"}  # "fourties", "ninties": as often typed
RECENT_YEARS = 5  # "recent": within this many years of the catalog's newest
CLASSIC_BEFORE = 1980  # "classic", "old": made before this year
AROUND = 0.2  # "around 200": within 20%
AROUND_YEARS = 2  # "around 2005": 2003 to 2007
# "the last few years": as many as "recent" means
VAGUE_COUNTS = {"few": RECENT_YEARS, "several": RECENT_YEARS, "couple of": 2}
FLIPPED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}  # what "not" makes of a bound
# Bounds as they are often typed: "atleast 100", "b/w 150 and 250" (but "a b/w film" is
# black and white)
AS_TYPED = ((re.compile(r"\batleast\b", re.IGNORECASE), "at least"),
            (re.compile(r"\batmost\b", re.IGNORECASE), "at most"),
            (re.compile(r"\bupto\b", re.IGNORECASE), "up to"),
            # "under a grand": a thousand
            (re.compile(r"\b(under|over|about|around|within|below|above|than|to|max|upto)\s+a\s+"
                        r"grand\b", re.IGNORECASE), r"\1 1000"),
            # Hinglish "kam se kam 500": at least
            (re.compile(r"\bkam\s+se\s+kam\b", re.IGNORECASE), "at least"),
            (re.compile(r"\bb/w(?=\s*(?:[$€£₹¥]|rs\.?)?\s*\d)", re.IGNORECASE), "between"))
# A year with its century left out: "between '95 and '98" (but "the '80s" is a decade)
SHORT_YEAR = re.compile(r"(?<![\w'’])['’](\d\d)\b(?!['’]?s\b)")


@dataclass(frozen=True)
class Condition:
    """A hard filter a message asked for: `field op value`, and the words that said it."""

    field: str
    op: str  # one of =, !=, <, <=, >, >=
    value: float
    said: str

    @property
    def filter(self) -> str:
        """As a FIELD op VALUE filter (bot/filters.py)."""
        value = int(self.value) if float(self.value).is_integer() else round(self.value, 2)
        return f"{self.field}{self.op}{value}"


Reading = Callable[[re.Match[str], NumberField], list[tuple[str, float]]]


@dataclass(frozen=True)
class Rule:
    """A phrase that sets bounds on the field playing `role`."""

    role: str
    pattern: re.Pattern[str]
    bounds: Reading  # (op, value) pairs from the match and the field
    vague: bool = False  # a word ("old", "cheap"), not a number: a number said wins


def read_quantities(text: str, schema: CatalogSchema) -> tuple[list[Condition], str]:
    """The conditions `text` asks for, and the text without the words that asked them."""
    conditions: list[Condition] = []
    vague: list[Condition] = []
    rest = SHORT_YEAR.sub(_whole_year, digits_for_number_words(text))
    for typed, meant in AS_TYPED:
        rest = typed.sub(meant, rest)
    for rule in RULES:
        number_field = schema.role(rule.role)
        if number_field is None:
            continue
        for match in list(rule.pattern.finditer(rest)):
            bounds = rule.bounds(match, number_field)
            if not bounds:
                continue
            said = " ".join(match.group(0).split())
            read = [Condition(number_field.name, op, value, said) for op, value in bounds]
            (vague if rule.vague else conditions).extend(read)
            rest = rest.replace(match.group(0), " ", 1)
    conditions += [c for c in vague if not any(_same_side(c, exact) or _apart(c, exact)
                                               for exact in conditions)]
    return _joined(conditions), rest


def _whole_year(match: re.Match[str]) -> str:
    """"'95" is 1995, "'08" 2008."""
    short = int(match.group(1))
    return str(1900 + short if short >= 30 else 2000 + short)


def _apart(one: Condition, other: Condition) -> bool:
    """Both bound one field and nothing is between them ("before 1975" and "the new
    ones", said of what the person does not want)."""
    if one.field != other.field or one.op[0] == other.op[0]:
        return False
    low, high = (one, other) if one.op[0] == ">" else (other, one)
    return low.op[0] == ">" and high.op[0] == "<" and low.value >= high.value


def _same_side(one: Condition, other: Condition) -> bool:
    """Both bound one field from the same side ("before 1960" and "old": from above)."""
    return one.field == other.field and one.op[0] == other.op[0] and one.op[0] in "<>"


def _joined(conditions: list[Condition]) -> list[Condition]:
    """Ranges named together are one span: "the 80s or 90s" is 1980 to 1999, not both."""
    joined: list[Condition] = []
    for condition in conditions:
        same = next((c for c in joined if c.field == condition.field and c.op == condition.op
                     and c.op in ("<=", ">=")), None)
        if same is None:
            joined.append(condition)
            continue
        wider = min if condition.op == ">=" else max
        joined[joined.index(same)] = Condition(condition.field, condition.op,
                                               wider(same.value, condition.value),
                                               f"{same.said}, {condition.said}")
    return joined


# -- how each phrase reads ------------------------------------------------------------------


def _money(amount: str, thousands: str | None) -> float:
    value = float(amount.replace(",", ""))
    return value * 1000 if thousands else value


def _at_most(match: re.Match[str], _: NumberField) -> list[tuple[str, float]]:
    return [("<=", _money(match.group("amount"), match.group("k")))]


def _at_least(match: re.Match[str], _: NumberField) -> list[tuple[str, float]]:
    return [(">=", _money(match.group("amount"), match.group("k")))]


def _between(match: re.Match[str], _: NumberField) -> list[tuple[str, float]]:
    """A price range; the low end as either form of the rule matched it ("between 100
    and 200", "₹200-400", "the 200-400 range")."""
    found = match.groupdict()
    low_k = found.get("lk") or found.get("lk2")
    # "the 2-3k range": the thousands said once, for both
    low_k = low_k or (match.group("hk") if float((found.get("low") or found["low2"]).replace(
        ",", "")) < float(match.group("high").replace(",", "")) else None)
    low = _money(found.get("low") or found["low2"], low_k)
    high = _money(match.group("high"), match.group("hk"))
    low, high = sorted((low, high))
    return [(">=", low), ("<=", high)]


def _around(match: re.Match[str], _: NumberField) -> list[tuple[str, float]]:
    value = _money(match.group("amount"), match.group("k"))
    return [(">=", round(value * (1 - AROUND), 2)), ("<=", round(value * (1 + AROUND), 2))]


def _quartile(field: NumberField, op: str, which: int) -> list[tuple[str, float]]:
    """A bound at the catalog's median (1) or upper quartile (2), when they are known."""
    return [(op, round(field.quartiles[which], 2))] if field.quartiles else []


def _cheap(_: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
    return _quartile(field, "<=", 1)


def _premium(_: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
    return _quartile(field, ">=", 2)


def _decade(match: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
    start = _decade_start(match.group("decade"), field)
    if start is None:
        return []
    part = (match.group("part") or "").lower()
    first, last = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}.get(part, (0, 9))
    return [(">=", start + first), ("<=", start + last)]


def _decade_start(said: str, field: NumberField) -> int | None:
    """'80s', "'80s", '1980s', 'eighties' -> 1980, in the century the catalog covers."""
    said = said.lower().strip("'’")
    if re.fullmatch(NOUGHTIES, said):
        return 2000 if field.low - 10 <= 2000 <= field.high else None
    if re.fullmatch(DECADE_SPELLINGS, said):
        stem = re.sub(r"(?:ies|ys|ees|is)$", "", said)
        tens = DECADE_WORDS[MISSPELT.get(stem, stem) + "ies"]
    elif said.rstrip("'s").isdigit() and len(said.rstrip("'s")) == 4:
        return int(said.rstrip("'s"))
    else:
        tens = int(said.rstrip("'s"))
    for century in (1900, 2000):  # "the 20s" is the 1920s unless the catalog reaches the 2020s
        if field.low - 10 <= century + tens <= field.high:
            return century + tens
    return None


def _year_is(op: str) -> Reading:
    """A bound at the year said: "before 1970" (<), "1962 or later" (>=), "in 2010" (=)."""
    def read(match: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
        year = _year(match.group("year"), field)
        return [(op, year)] if year is not None else []
    return read


def _after(match: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
    year = _year(match.group("year"), field)
    if year is None:
        return []
    since = match.group("word").lower() in ("since", "starting")
    return [(">=" if since else ">", year)]


def _negated(reading: Reading) -> Reading:
    """The same bounds turned round: "nothing older than 2010" is year >= 2010."""
    def read(match: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
        return [(FLIPPED[op], value) for op, value in reading(match, field)]
    return read


def _around_year(match: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
    year = _year(match.group("year"), field)
    return [(">=", year - AROUND_YEARS), ("<=", year + AROUND_YEARS)] if year is not None else []


def _last_years(match: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
    """From the first year of "the last N years" or "decades", the catalog's newest back."""
    count = (match.group("count") or "1").lower()
    years = VAGUE_COUNTS[count] if count in VAGUE_COUNTS else number(count)
    since = field.high - years * (10 if match.group("unit").lower().startswith("decade") else 1)
    return [(">=", _whole(since))]


def _before_decade(match: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
    start = _decade_start(match.group("decade"), field)
    return [("<", start)] if start is not None else []


def _after_decade(match: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
    start = _decade_start(match.group("decade"), field)
    return [(">", start + 9)] if start is not None else []


def _years_between(match: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
    low, high = _year(match.group("low"), field), _year(match.group("high"), field)
    if low is None or high is None:
        return []
    low, high = sorted((low, high))
    return [(">=", low), ("<=", high)]


def _year(said: str, field: NumberField) -> int | None:
    year = int(said)
    return year if field.low - 50 <= year <= field.high + 50 else None


def _years_back(op: str) -> Reading:
    """"older than 20 years" (<=), "less than 10 years old" (>=): counted back from the
    catalog's newest year."""
    def read(match: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
        return [(op, _whole(field.high - number(match.group("years"))))]
    return read


def _whole(year: float) -> float:
    return int(year) if float(year).is_integer() else year


def _this_century(_: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
    return [(">=", 2000)] if field.high >= 2000 else []


def _last_century(_: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
    return [("<", 2000)] if field.low < 2000 else []


def _recent(_: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
    return [(">=", field.high - RECENT_YEARS)]


def _classic(_: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
    return [("<", CLASSIC_BEFORE)] if field.low < CLASSIC_BEFORE else []


def _stars(match: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
    stars = float(match.group("stars"))
    scale = 2.0 if field.high > 5 else 1.0  # "4 stars" on a 10-point scale is 8
    strictly = ("above", "over", "more than", "higher than", "better than", "greater than",
                "upar", "uper", "zyada", "jyada")
    op = ">" if (match.group("strict") or "").lower() in strictly else ">="
    return [(op, stars * scale)] if stars * scale <= field.high else []


def _well_rated(_: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
    return _quartile(field, ">=", 2)


def _popular(_: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
    return _quartile(field, ">=", 2)


def _little_known(_: re.Match[str], field: NumberField) -> list[tuple[str, float]]:
    return _quartile(field, "<=", 1)


def _words(*phrases: str) -> str:
    return r"\b(?:" + "|".join(phrases) + r")\b"


def _rule(role: str, pattern: str, bounds: Reading, vague: bool = False) -> Rule:
    return Rule(role, re.compile(pattern, re.IGNORECASE), bounds, vague)


def _money_at(name: str = "amount", k: str = "k") -> str:
    """An amount of money: all of its digits, and no unit after it ("above 5 kg", "over 70
    percent" are no prices)."""
    return (rf"{CURRENCY}?\s*(?P<{name}>\d[\d,]*(?:\.\d+)?)(?![\d,.]*\d)(?P<{k}>k\b)?"
            rf"(?!\s*(?:%|{NOT_MONEY}\b))(?:\s*{CURRENCY_WORDS}\b)?")


DECADE = rf"(?P<decade>(?:1[89]|20)\d0['’]?s|['’]?\d0['’]?s|{DECADE_SPELLINGS})"
NOT = r"(?:nothing|not|no|never)\s+(?:anything\s+)?"
# "dont wanna spend more than 400", "won't pay over 50": a ceiling, though it says "more"
WONT_SPEND = (r"\b(?:don'?t|do not|won'?t|will not|can'?t|cannot|not|never|rather not)"
              r"(?:\s+[\w']+){0,3}?\s+(?:spend|spending|pay|paying|go|going)\s+")
MADE = r"(?:(?:made|released|filmed|shot|that came out|came out)\s+)?"
THE_YEAR = r"(?:the\s+year\s+)?"  # "after the year 2000"
AGE_COUNT = r"(?P<years>\d{1,2}|two|three|four|five|ten|twenty|thirty)"
LAST_YEARS = (r"(?:(?:in|from|of|over)\s+)?(?:the\s+)?(?:last|past)\s+"
              r"(?:(?P<count>\d{1,2}|two|three|four|five|ten|twenty|thirty|few|couple of|"
              r"several)\s+)?(?P<unit>decades?|years)\b")  # "the last decade", "past 5 years"

# Order matters: the longer phrases first, so "nothing above 250" is not read as "above 250",
# and a price's words before a year on its own.
RULES: tuple[Rule, ...] = (
    # -- years --
    _rule("year", rf"\bbetween\s+{YEAR.replace('(', '(?P<low>', 1)}\s+(?:and|to)\s+"
                  rf"{YEAR.replace('(', '(?P<high>', 1)}\b", _years_between),
    _rule("year", rf"\b{MADE}{YEAR.replace('(', '(?P<low>', 1)}\s*(?:-|–|to|through|thru|till|"
                  rf"until|up to)\s*{YEAR.replace('(', '(?P<high>', 1)}\b", _years_between),
    _rule("year", rf"\b{MADE}(?:before|prior to|pre|earlier than|older than|until)[\s-]+"
                  rf"(?:the\s+)?{DECADE}", _before_decade),
    _rule("year", rf"\b{MADE}(?:after|since|post|later than|newer than)[\s-]+(?:the\s+)?"
                  rf"{DECADE}", _after_decade),
    # ("a bunch of year 10s": a school year)
    _rule("year", rf"(?<!year )(?<!grade )\b(?:from\s+|in\s+|of\s+)?(?:the\s+)?"
                  rf"(?:(?P<part>early|mid|late)[\s-]+)?{DECADE}(?!\w)", _decade),
    # "older than 20 years", "less than 10 years old": counted back from the newest year
    _rule("year", rf"\b(?:(?:older|more) than|over)\s+{AGE_COUNT}\s+years?(?:\s+old)?\b",
          _years_back("<=")),
    _rule("year", rf"\b(?:at least|min(?:imum)?|no less than)\s+{AGE_COUNT}\s+years?\s+old\b",
          _years_back("<=")),
    _rule("year", rf"\b(?:(?:newer|less|younger) than|under)\s+{AGE_COUNT}\s+years?"
                  rf"(?:\s+old)?\b", _years_back(">=")),
    _rule("year", _words(r"(?:from )?this century", r"(?:from )?the 21st century"), _this_century),
    _rule("year", _words(r"(?:from )?(?:the )?last century", r"(?:from )?the 20th century"),
          _last_century),
    # "nothing older than 2010": the refusal turns the bound round
    _rule("year", rf"\b{NOT}{MADE}(?:before|prior to|earlier than|older than)[\s-]+"
                  rf"{THE_YEAR}{YEAR.replace('(', '(?P<year>', 1)}\b", _negated(_year_is("<"))),
    _rule("year", rf"\b{NOT}{MADE}(?P<word>after|later than|newer than)[\s-]+"
                  rf"{THE_YEAR}{YEAR.replace('(', '(?P<year>', 1)}\b", _negated(_after)),
    _rule("year", rf"\b{MADE}(?:before|prior to|pre|earlier than|older than|until)[\s-]+"
                  rf"{THE_YEAR}{YEAR.replace('(', '(?P<year>', 1)}\b", _year_is("<")),
    # "1962 or later", "2000 and up", "1980 or earlier"
    _rule("year", rf"\b{YEAR.replace('(', '(?P<year>', 1)}\s+(?:or|and)\s+(?:later|after|newer|"
                  r"up|onwards?|more recent)\b", _year_is(">=")),
    _rule("year", rf"\b{YEAR.replace('(', '(?P<year>', 1)}\s+(?:or|and)\s+(?:earlier|before|"
                  r"older)\b", _year_is("<=")),
    _rule("year", rf"\b{MADE}(?P<word>after|since|post|later than|newer than|starting)[\s-]+"
                  rf"{THE_YEAR}{YEAR.replace('(', '(?P<year>', 1)}\b(?!\s*(?:-|–|to)\s*\d)",
          _after),
    _rule("year", rf"\b(?:from\s+)?(?:around|about|roughly|circa|approximately|ca\.?)\s+"
                  rf"(?:from\s+|in\s+)?{THE_YEAR}{YEAR.replace('(', '(?P<year>', 1)}\b",
          _around_year),
    _rule("year", rf"\b{NOT}{LAST_YEARS}", _negated(_last_years)),
    _rule("year", rf"\b{LAST_YEARS}", _last_years),
    # -- ratings --
    # Hinglish: "rating 4 se upar" (above 4)
    _rule("rating", r"\b(?:rated|rating)\s+(?P<stars>\d(?:\.\d)?)\s*(?:stars?\s+)?se\s+"
                    r"(?P<strict>upar|uper|zyada|jyada)\b", _stars),
    _rule("rating", r"\b(?:rated|rating|scored?)\s+(?:of\s+)?(?P<strict>at least|above|over|"
                    r"more than|higher than|better than|greater than|minimum|min|"
                    r"no less than)?\s*(?:an?\s+)?(?P<stars>\d(?:\.\d)?)\s*"
                    r"(?:stars?|/\s*\d+|out of \d+)?\s*"
                    r"(?:(?:and|or) (?:up|above|more|higher|better))?",
          _stars),
    _rule("rating", r"\b(?:(?P<strict>at least|above|over|more than|better than|higher than|"
                    r"minimum|min|no less than)\s+)?(?P<stars>\d(?:\.\d)?)"
                    r"\s*(?:\+\s*)?[\s-]*stars?(?!\s+(?:hotels?|resorts?|restaurants?|generals?|"
                    r"chefs?|dining|holidays?|service|treatment|luxury))"
                    r"\s*(?:\+|(?:and|or) (?:up|above|more|higher|better))?(?:\s+rating)?",
          _stars),
    _rule("rating", r"\b(?P<strict>)(?P<stars>\d(?:\.\d)?)\s*\+\s*(?:ratings?|rated)\b", _stars),
    _rule("rating", _words(r"highly rated", r"high(?:ly)?[- ]rated", r"well[- ]rated",
                           r"top[- ]?rated", r"hi(?:gh|hg|hgh)ly rated", r"best[- ]rated",
                           r"highest[- ]rated",
                           r"(?:well|best|top|highly|highest)[- ]reviewed",
                           r"(?:critically )?acclaimed", r"award[- ]winning",
                           r"good reviews", r"great reviews", r"rated highly",
                           r"(?:people|everyone|customers|users) (?:rate|rated|love) "
                           r"(?:it |them )?(?:highly|a lot)", r"rate(?:s|d)? highly",
                           # plural: "X is the best movie ever" is a verdict on X
                           r"(?:the )?best (?:\w+ )?(?:movies|films|ones) (?:of all time|ever)",
                           r"(?:the )?greatest (?:movies|films)", r"all[- ]time (?:greats|best)",
                           # "the best sci-fi of all time" (but "X is the best ... ever" is
                           # a verdict)
                           r"(?<!is )(?<!is the )(?<!was )(?<!was the )(?:the )?(?:best|greatest)"
                           r"(?= (?:[\w-]+ ){1,2}?(?:of all time|ever made))"),
          _well_rated, vague=True),
    # -- prices --
    _rule("price", rf"\bbetween\s+{_money_at('low', 'lk')}\s+(?:and|to)\s+"
                   rf"{_money_at('high', 'hk')}", _between),
    _rule("price", rf"\bfrom\s+{_money_at('low', 'lk')}\s+to\s+{_money_at('high', 'hk')}",
          _between),
    # "in the 200-400 range", "₹200-400" (a year span was read above; "kids 4-6" is no price)
    _rule("price", rf"(?<![\d.,])(?:{CURRENCY}\s*(?P<low>\d[\d,]*(?:\.\d+)?)(?P<lk>k\b)?|"
                   rf"(?P<low2>\d[\d,]*(?:\.\d+)?)(?P<lk2>k\b)?(?=\s*(?:-|–|to)\s*[\d.,k]+\s*"
                   rf"(?:range|bracket|{CURRENCY_WORDS})))\s*(?:-|–|to)\s*"
                   rf"{_money_at('high', 'hk')}(?:\s*(?:range|bracket))?", _between),
    _rule("price", rf"\b{NOT}(?:above|over|more than|higher than|pricier than)\s+{_money_at()}",
          _at_most),
    _rule("price", rf"{WONT_SPEND}(?:more than|over|above|beyond|past)\s+{_money_at()}",
          _at_most),
    _rule("price", rf"\b{NOT}(?:below|under|less than|cheaper than)\s+{_money_at()}",
          _at_least),
    _rule("price", rf"\b(?:under|below|less than|cheaper than|at most|max(?:imum)?|up to|within|"
                   rf"no more than|not more than|tops|(?:can |could )?stretch to|"
                   rf"budget(?: of| is)?(?:\s+(?:like|about|"
                   rf"around|roughly))?)\s*{_money_at()}",
          _at_most),
    _rule("price", rf"{_money_at()}\s+(?:or less|or under|or below|max(?:imum)?|tops)\b",
          _at_most),
    # "within my 500 budget", "my 300 budget"
    _rule("price", rf"\b(?:my|our|a|the)\s+{_money_at()}\s+(?:budget|limit|max)\b", _at_most),
    # Hinglish: "1200 se 2000 ke beech"
    _rule("price", rf"{_money_at('low', 'lk')}\s+se\s+{_money_at('high', 'hk')}\s+(?:ke|ki)\s+"
                   r"(?:beech|bich|andar)\b", _between),
    # Hinglish: "500 ka budget", "300 se zyada nahi", "200 tak", "400 ke andar"
    _rule("price", rf"{_money_at()}\s+(?:(?:ka|ki|ke)\s+budget|se\s+(?:zyada|jyada|jada|upar|"
                   r"uper)\s+(?:nahi|nahin|mat|na)\b|se\s+kam\b|tak\b|ke\s+(?:andar|"
                   r"neeche|niche)\b)", _at_most),
    _rule("price", rf"{_money_at()}\s+se\s+(?:zyada|jyada|jada|upar|uper)\b", _at_least),
    _rule("price", rf"{_money_at()}\s+(?:is|'s|as)\s+(?:my|our|the)\s+(?:limit|max(?:imum)?|"
                   r"budget|ceiling|cap|upper limit)\b", _at_most),
    _rule("price", rf"{_money_at()}\s+(?:or more|or over|or above|and (?:up|above|over)|"
                   rf"min(?:imum)?|at least|\+)(?!\w)", _at_least),
    _rule("price", rf"\b(?:over|above|more than|at least|min(?:imum)?|starting at|no less than)"
                   rf"\s*{_money_at()}", _at_least),
    _rule("price", rf"\b(?:around|about|roughly|approximately|approx\.?|close to|near)\s*"
                   rf"{_money_at()}", _around),
    _rule("price", rf"{_money_at()}\s+(?:or so|ish)\b", _around),
    # ("these look a bit cheap": those shown, no wish for cheap ones)
    _rule("price", r"(?<!bit )(?<!too )(?<!look )(?<!looks )(?<!kinda )" + _words(
                          r"cheap", r"inexpensive", r"affordable", r"low[- ]cost",
                          r"sast[aie]",  # Hindi
                          r"budget[- ]friendly", r"on a budget", r"economical",
                          r"value for money"), _cheap, vague=True),
    _rule("price", r"(?<!more )(?<!too )(?<!less )(?<!so )(?<!nothing )(?<!not )(?<!nothin )"
                   r"(?<!crazy )(?<!that )"
                   + _words(
        r"premium", r"luxury", r"luxurious", r"expensive", r"high[- ]end", r"upmarket",
        r"fancy"), _premium, vague=True),
    # -- a year on its own, after the prices ("under 2000 rupees" is a price) --
    # ("a film about the 1969 moon landing": what it is about)
    _rule("year", rf"(?<!about )(?<!about the )"
                  rf"\b(?:(?:made|released|came out|filmed|shot|from|in|of)\s+(?:in\s+)?)?"
                  rf"{YEAR.replace('(', '(?P<year>', 1)}\b(?![.,]\d)", _year_is("=")),
    # ("more recent", "less recent": a move from the films shown, bot/phrases.py NEWER)
    _rule("year", r"(?<!more )(?<!less )" + _words(
                         r"recent(?:ly)?", r"latest", r"newest", r"modern", r"new releases?",
                         r"these days", r"nowadays", r"lately",
                         r"brand new", r"contemporary", r"from the last few years",
                         r"new (?:stuff|movies|films|ones|releases)(?: only)?",
                         # "any new horror movies" (but New York, New Zealand...)
                         r"new(?= (?!york|zealand|jersey|mexico|orleans|delhi)[a-z-]+ "
                         r"(?:movies|films))"), _recent,
          vague=True),
    # "Heat is a classic" is a verdict on Heat, not a wish for old films
    # ("too old", "a bit old": those shown are, a move to newer ones)
    _rule("year", r"(?<!year-)(?<!year )(?<!years )(?<!yr-)(?<!yr )(?<!how )(?<!is a )"
                  r"(?<!too )(?<!bit )(?<!so )(?<!kinda )(?<!feeling )(?<!feel )(?<!getting )"
                  r"(?<!i'm )(?<!im )(?<!i am )"
                  r"(?<!was a )(?<!'s a )" + _words(
        r"classics?", r"old(?:ies?)?", r"old[- ]school", r"vintage", r"golden age"), _classic,
          vague=True),
    # -- how many people know it --
    _rule("count", _words(r"popular", r"well[- ]known", r"famous", r"blockbusters?",
                          r"crowd[- ]pleasers?", r"mainstream", r"every(?:one|body) (?:has )?seen",
                          r"every(?:one|body) knows", r"every(?:one|body) loves"), _popular),
    _rule("count", _words(r"hidden gems?", r"lesser[- ]known", r"little[- ]known", r"obscure",
                          r"(?<!is )(?<!was )(?<!so )(?<!'s )(?<!really )underrated",
                          r"under the radar"), _little_known),
)
