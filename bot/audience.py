"""Who a request is for (ages and groups), and the catalog's rule for each audience.

    "for my 6-year-old", "a toddler"      young child (up to 8)
    "for kids", "a 10 year old"           child (9 to 12)
    "teens", "my 15-year-old"             teen
    "grown-ups", "adults"                 adult
    "the whole family"                    family

An audience's rule says which kinds suit it: `only` (one of them must hold), `prefer`
(asked for first, given up before nothing is found) and `never` (kept out). The rule
names the catalog's own values and applies only to the values the catalog has; the
default one is for film genres (Children and Animation for young children; Horror,
War, Crime and Thriller kept out for children and families). A team states its own
in a YAML file (RECBOT_AUDIENCE_RULES), in the same shape as `DEFAULT_RULES`:

    young_child:
      only: {genres: [Children, Animation]}
      never: {genres: [Horror, War, Crime, Thriller]}
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.errors import ConfigError
from bot.number_words import ages_in_digits

GROUPS = ("young_child", "child", "teen", "adult", "family")
SCHOOL_START = 5  # years: a child in class N (first grade at about six) is about N + 5
# Who decides when several are named: the youngest, and a family over grown-ups
# ("family friendly pls, my mother in law is visiting")
STRICTEST_FIRST = ("young_child", "child", "teen", "family", "adult")
NOT_FOR_CHILDREN = ["Horror", "War", "Crime", "Thriller", "Film-Noir"]
DEFAULT_RULES: dict[str, dict[str, dict[str, list[str]]]] = {
    "young_child": {"only": {"genres": ["Children", "Animation"]},
                    "prefer": {"genres": ["Children"]},
                    "never": {"genres": NOT_FOR_CHILDREN}},
    "child": {"prefer": {"genres": ["Children"]}, "never": {"genres": NOT_FOR_CHILDREN}},
    "family": {"prefer": {"genres": ["Children"]}, "never": {"genres": NOT_FOR_CHILDREN}},
    "teen": {},
    "adult": {},
}
# "explain it like I'm 10" is about the words, not the audience (bot/phrases.py SIMPLER).
NOT_A_LISTENER = r"(?<!like i'm )(?<!like im )(?<!like i am )(?<!as if i'm )"
# "movies less than 10 years old": how old the film is; "older than my 19 year old
# brother": a yardstick
NOT_A_FILMS_AGE = (r"(?<!than )(?<!than my )(?<!than our )(?<!than his )(?<!than her )"
                   r"(?<!least )(?<!over )(?<!under )")  # "at least 30 years old": the film
AGES = r"\d{1,2}(?:\s*(?:-|to|and|&|,|or)\s*\d{1,2})*"  # "5 and 10", "4-6"
AGE = re.compile(
    NOT_A_LISTENER + NOT_A_FILMS_AGE + rf"\b(?:a\s+|an\s+|(?P<under>under|below)\s+)?"
    rf"(?P<age>{AGES})[\s-]*(?:years?|yrs?|y)[\s-]*(?:olds?|o)\b"
    rf"|\b(?:aged?|ages)\s+(?:(?:range|ranging|go|going)\s+)?(?:from\s+)?(?P<aged>{AGES})\b"
    # "my kid is 6", "they're 4 and 6"
    rf"|\b(?:kids?|sons?|daughters?|child|children|boys?|girls?|they|she|he|nephews?|nieces?|"
    rf"grandsons?|granddaughters?|grandkids?|brothers?|sisters?|cousins?|twins|triplets|"
    rf"kiddos?|(?:little|lil) ones?|lil (?:guy|man|girl|boy)|lads?|lass|youngest|eldest|"
    rf"oldest|baby|bubs?)"
    rf"(?:\s+(?:who|that))?(?:'re|'s|’s|re|s| is| are| just turned| turned| turns| is turning)"
    rf"\s+(?:just\s+|only\s+|all\s+|both\s+)?(?P<is>{AGES})\b"
    # ("they're all 2.5 stars": a rating)
    rf"(?!\.\d|\s*(?:months?|mos?|weeks?|wks?|stars?)\b)"
    # "our 2 kids (7 and 13)"
    rf"|\b(?:kids?|children|sons?|daughters?|boys?|girls?|humans|monsters|munchkins|"
    rf"rugrats|terrors|gremlins|minions|littles|ones)\s*\((?P<paren>{AGES})\)"
    # "its for me, im 34" (but "explain it like i'm 10" is about the words)
    rf"|(?<!like )(?<!as if )\b(?:i'?m|im|i am)\s+(?P<self>\d{{2}})\b(?!\s*(?:%|min|stars?))"
    # "all of us in our 30s": grown-ups, not films of the 1930s
    rf"|\bin (?:our|their|my|his|her) (?:early |mid |late )?(?P<tens>[1-9]0)['’]?s\b"
    # "all of us late 20s", "we're mid 30s": an age said of the people, not an era
    rf"|\b(?:all of us|both of us|we'?re|we are|were all|we're all|they'?re all)\s+"
    rf"(?:all\s+)?(?:early |mid |late )?(?P<our_tens>[1-9]0)['’]?s\b"
    # "uni flatmates, we're all like 20, 21"
    rf"|\b(?:we'?re|we are|were|they'?re|they are)\s+(?:all\s+)?(?:like\s+|about\s+|around\s+)"
    rf"(?P<like>\d{{2}}(?:\s*(?:-|to|and|&|,|or)\s*\d{{2}})*)\b"
    rf"(?!\s*(?:%|mins?|minutes|stars?|people|of us|quid|bucks|rs|rupees))"
    # Hinglish "beta 4 saal ka hai"; "my 13th birthday"
    rf"|\b(?P<saal>\d{{1,2}})\s*(?:saal|sal|baras)\b"
    # a school year: "8th grade", "class 2", "6th standard" (the age five more)
    rf"|\b(?P<grade>\d{{1,2}})(?:st|nd|rd|th)\s+(?:grade|grader|standard|std)\b"
    rf"|\b(?:class|grade|standard|std)\s+(?P<grade2>\d{{1,2}})\b(?!\s*(?:%|stars?|kg|g|ml))"
    rf"|\b(?P<birthday>\d{{1,2}})(?:st|nd|rd|th)\s+(?:birthday|bday|b-day)\b",
    re.IGNORECASE)
# Someone named by who they are to the speaker: an age said for them says more.
RELATION = re.compile(r"\b(?:sons?|daughters?|nephews?|nieces?|grand\w+)\b", re.IGNORECASE)
# "cartoons are for babies": an opinion of the films, not who they are for.
OPINION = re.compile(r"\b(?:is|are|'s|'re)\s+(?:just\s+|only\s+|so\s+)?for\s+$", re.IGNORECASE)
# The speaker when young is not who it is for: "scarred me for life as a kid"
PAST_SELF = re.compile(r"\b(?:as|when (?:i|we) (?:was|were)|since (?:i|we) (?:was|were))\s+"
                       r"(?:a\s+|an\s+|little\s+)*$", re.IGNORECASE)
# A group who is away is not who it is for: "the kids are finally asleep".
AWAY = re.compile(r"^\s*(?:are|r|is|have|has|'re|’re)\s+(?:\w+\s+)?(?:asleep|in bed|away|out|"
                  r"grown(?: up)?(?: and (?:gone|moved out|flown the nest))?|moved out|"
                  r"left home|gone|at (?:school|camp|\w+'?s|(?:my|their|his|her|our) \w+'?s?)|"
                  r"(?:gone|went) to bed|with (?:their|his|her) "
                  r"\w+)\b", re.IGNORECASE)
# A group named as the subject of a story is not who it is for: "a movie about kids" (but
# "what about for my 6 year old" asks for them)
TOPIC = re.compile(r"\b(?:(?<!what )(?<!whats )(?<!what's )(?<!how )about|featuring|starring|"
                   r"where|in which|(?:main )?(?:character|hero|"
                   r"protagonist|lead) is)\s+(?:(?:a|an|the|some|two|"
                   r"young|little)\s+)?(?:[\w-]+\s+){0,2}$",  # "about nerdy high schoolers"
                   re.IGNORECASE)
GROUP_WORDS: dict[str, tuple[str, ...]] = {
    "young_child": ("toddlers?", "bab(?:y|ies)", "pre-?school(?:ers?)?", "(?:little|lil) ones?",
                    "little kids?", "young kids?", "small kids?", "young children",
                    "small children", "kindergart(?:e)?n(?:ers?)?", "infants?",
                    "(?:a |the )?(?:daycare|day care|nursery|creche|crèche)"),
    "teen": ("teens?", "teenagers?", "teenage", "adolescents?", "high school(?:ers)?",
             # occasions of the teenage years
             "quincea[ñn]era", "ba[rt] mitzvah", "sweet (?:sixteen|16)", "gcses?",
             "a[- ]levels", "(?:the )?prom"),
    "child": ("kids?", "children", "child", "tweens?", "my son", "my daughter",
              "(?:the |my |our )?grand(?:kids?|children|sons?|daughters?)",
              "(?:my |our )?(?:nephews?|nieces?)",
              "boys and girls", "youngsters?"),
    "adult": ("grown-?ups?", "adults?", "adults only", "mature audiences?",
              "(?:my|our) (?:grand(?:ma|pa|mother|father|parents?|dad)|granny|nana|nan|gran|"
              "parents|mum|mom|dad|mother|father|in-laws|wife|husband|partner|girlfriend|"
              "boyfriend)",
              "(?:me and )?the (?:wife|husband|missus|missis|hubby|mrs|gf|bf)", "date night",
              "me (?:and|n|&) (?:my |the )?(?:hubby|husband|wife|missus|partner|gf|bf)",
              "(?:just )?(?:for )?the two of us", "just us two",
              "girls'? night(?: in)?", "lads'? night", "guys'? night",
              # the speaker: "and for me, after she's in bed, a heist film"
              "(?:just )?for me(?:self)?"),
    "family": ("(?:the )?(?:whole|entire) (?:family|fam|clan|household)",
               "(?:all )?(?:\\d|two|three|four|multiple) generations",
               "all the family",
               "family (?:night|movie night|viewing|friendly)",
               "family-friendly", "all ages", "everyone in the family", "the family",
               # Hinglish: "poori family ke saath", "ghar walon ke saath"
               "(?:poori|puri|poora|pura|saari|sari) family", "family ke saath",
               "ghar wal(?:e|on|o) ke saath"),
}
GROUP = {group: re.compile(NOT_A_LISTENER + r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)
         for group, words in GROUP_WORDS.items()}


@dataclass(frozen=True)
class Audience:
    """Who a request is for, and the words that said it."""

    group: str
    said: str
    age: int | None = None


@dataclass(frozen=True)
class AudienceRule:
    """What one audience may be shown, as FIELD op VALUE filters and soft wishes."""

    filters: tuple[str, ...] = ()  # hard: "genres=Children|Animation", "genres!=Horror|War"
    prefer: tuple[str, ...] = ()  # catalog values asked for first


@dataclass
class AudienceRules:
    """The catalog's rule for each audience (only the values it has)."""

    rules: dict[str, AudienceRule] = field(default_factory=dict)

    @classmethod
    def of(cls, vocabulary: Mapping[str, Sequence[str]],
           stated: Mapping[str, Any] | None = None) -> AudienceRules:
        """The rules in `stated` (else the default ones), kept to the catalog's values."""
        stated = DEFAULT_RULES if stated is None else stated
        rules = {}
        for group, rule in stated.items():
            if group not in GROUPS:
                raise ConfigError(f"audience rules: unknown audience {group!r}; the audiences "
                                  f"are {', '.join(GROUPS)}")
            rule = rule or {}
            unknown = set(rule) - {"only", "prefer", "never"}
            if unknown:
                raise ConfigError(f"audience rules, {group}: unknown key(s) {sorted(unknown)}; "
                                  "a rule has only, prefer and never")
            filters: list[str] = []
            for key, op in (("only", "="), ("never", "!=")):
                for name, values in (rule.get(key) or {}).items():
                    kept = _known(values, vocabulary.get(name, ()))
                    if kept:
                        filters.append(f"{name}{op}{'|'.join(kept)}")
            prefer = [v for name, values in (rule.get("prefer") or {}).items()
                      for v in _known(values, vocabulary.get(name, ()))]
            rules[group] = AudienceRule(tuple(filters), tuple(prefer))
        return cls(rules)

    @classmethod
    def load(cls, path: Path, vocabulary: Mapping[str, Sequence[str]]) -> AudienceRules:
        try:
            stated = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot read the audience rules {path}: {exc}") from exc
        if not isinstance(stated, dict):
            raise ConfigError(f"{path}: audience rules are a mapping of audience to rule")
        return cls.of(vocabulary, stated)

    @property
    def active(self) -> bool:
        """Some audience has a rule this catalog can apply."""
        return any(r.filters or r.prefer for r in self.rules.values())

    def rule(self, audience: Audience) -> AudienceRule:
        return self.rules.get(audience.group, AudienceRule())


def read_audience(text: str) -> tuple[Audience | None, str]:
    """Who `text` asks for (the youngest named), and the text without those words."""
    found: list[Audience] = []
    said, text = text, ages_in_digits(text)  # "my four year old": 4
    rest = text
    for match in AGE.finditer(text):
        if TOPIC.search(text[:match.start()]):
            continue  # "a movie about a 10 year old": who the story is about
        ages = (match.group("age") or match.group("aged") or match.group("is")
                or match.group("like")
                or match.group("tens") or match.group("our_tens") or match.group("paren")
                or match.group("self") or match.group("saal") or match.group("birthday"))
        grade = match.group("grade") or match.group("grade2")
        if grade:
            ages = str(int(grade) + SCHOOL_START)
        age = min(int(a) for a in re.findall(r"\d{1,2}", ages))  # the youngest decides
        if match.group("under"):  # "kids under 10 years old": 9 at most
            age = max(age - 1, 0)
        found.append(Audience(_group_of(age), " ".join(match.group(0).split()), age))
        rest = rest.replace(match.group(0), " ", 1)
    for group, pattern in GROUP.items():
        for match in pattern.finditer(rest):
            before = rest[:match.start()]
            if TOPIC.search(before) or OPINION.search(before) or PAST_SELF.search(before):
                continue  # what the story is about, an opinion of the films, the past
            found.append(Audience(group, match.group(0)))
            rest = rest.replace(match.group(0), " ", 1)
    if not found:
        return None, said
    # "my daughter and her mates, they're all 16", "my son's bar mitzvah": a son or a
    # daughter says less of an age than an age or an occasion said with them
    if any(not RELATION.search(a.said) for a in found):
        found = [a for a in found if a.age is not None or not RELATION.search(a.said)]
    return min(found, key=lambda a: STRICTEST_FIRST.index(a.group)), rest


def without_the_absent(text: str) -> str:
    """`text` without the groups it says are away ("the kids are finally asleep"): they
    are not who it is for, and their films are no wish."""
    for pattern in GROUP.values():
        for match in list(pattern.finditer(text)):
            if away := AWAY.match(text[match.end():]):
                text = text.replace(match.group(0) + away.group(0), " ", 1)
    return text


def _group_of(age: int) -> str:
    if age <= 8:
        return "young_child"
    if age <= 12:
        return "child"
    return "teen" if age <= 17 else "adult"


def _known(values: Any, known: Sequence[str]) -> list[str]:
    """The stated values the catalog has, in its own spelling."""
    by_lower = {v.lower(): v for v in known}
    listed = values if isinstance(values, list) else [values]
    return [by_lower[str(v).lower()] for v in listed if str(v).lower() in by_lower]
