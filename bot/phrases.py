"""The everyday phrases recbot reads in a message, each written once.

`bot.understanding.Reader` turns them into the slots of an `Understanding`; no other
module matches a message against a pattern of its own. Where two readings share
words (a dislike and the rejection of a substitute, a like and an acceptance,
"something else" and "show me others"), the wider pattern is built from the
narrower one, so a phrase added to one reaches both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def number(word: str) -> int:
    """A count written in digits or in words: "3", "three"."""
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def words(phrases: Iterable[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One pattern for regex `phrases`, each on word boundaries (an emoji too: "👍")."""
    return re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)", flags)


# Everyday words for catalog values; a value is used only if the catalog has it.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "comedy": ("funny", "comedy", "comedies", "hilarious", "laugh", "laughs", "humor",
               "humour", "lighthearted", "light-hearted", "feel good", "feel-good", "feelgood",
               "uplifting", "cheerful", "goofy", "silly", "funnier", "lighter"),
    "horror": ("scary", "horror", "frightening", "creepy", "spooky", "terrifying", "gory",
               "scarier", "gore"),
    "sci-fi": ("sci-fi", "sci fi", "scifi", "science fiction", "space", "futuristic",
               "aliens", "robots"),
    "animation": ("animated", "animation", "cartoon", "cartoons", "pixar", "anime"),
    "children": ("kids", "kid", "children", "child", "family", "8-year-old", "year-old",
                 "toddler"),
    "romance": ("romantic", "romance", "love story", "romcom", "rom-com", "romcoms",
                "rom-coms", "rom com", "rom coms", "love stories"),
    "thriller": ("thriller", "thrillers", "suspense", "suspenseful", "tense"),
    "action": ("action", "explosions", "fights", "fighting"),
    "drama": ("drama", "dramas", "moving", "serious"),
    "documentary": ("documentary", "documentaries", "true story"),
    "war": ("war",),
    "crime": ("crime", "gangster", "gangsters", "heist", "mafia"),
    "film-noir": ("film noir", "films noir", "noir"),
    "fantasy": ("fantasy", "magic", "magical", "wizards", "dragons"),
    "musical": ("musical", "musicals", "songs", "singing"),
    "western": ("western", "westerns", "cowboys"),
    "mystery": ("mystery", "mysteries", "whodunit", "detective"),
    "adventure": ("adventure", "adventures", "quest"),
}

# Words that make a kind another form of the thing: frozen snacks need a freezer and an
# oven, dry shampoo is not washed out, dry fruits are not fresh ones. Such kinds are kept
# for a request that does not say the word only when no plain kind fits it.
FORM_WORDS = ("frozen", "dry", "dried")

# Product types called otherwise in other places ("crisps" are chips in India and the US):
# used when the catalog has the second word and not the first.
KIND_WORDS: dict[str, str] = {
    "crisps": "chips", "nappies": "diapers", "nappy": "diapers", "aubergine": "brinjal",
    "aubergines": "brinjals", "eggplant": "brinjal", "eggplants": "brinjals",
    "courgette": "zucchini", "courgettes": "zucchini", "ladies finger": "okra",
    "washing up liquid": "dishwash liquid", "washing-up liquid": "dishwash liquid",
    "loo roll": "toilet paper", "loo rolls": "toilet paper", "bog roll": "toilet paper",
    "toilet roll": "toilet paper", "toilet rolls": "toilet paper",
    "paper towels": "kitchen rolls", "paper towel": "kitchen rolls",
    "kitchen towels": "kitchen rolls", "kitchen towel": "kitchen rolls",
    "kitchen paper": "kitchen rolls", "thermos": "vacuum flask", "thermoses": "vacuum flasks",
    "cockroaches": "insect repellent", "cockroach": "insect repellent",
    "roaches": "insect repellent", "ants": "insect repellent",
    "dish soap": "dishwash liquid", "fizzy drinks": "cold drinks", "soft drinks": "cold drinks",
    "sodas": "cold drinks", "candies": "candy", "sweets": "candy", "cling film": "cling wrap",
    "prawns": "seafood", "shrimp": "seafood",
    "yoghurt": "yogurt", "gud": "jaggery", "gur": "jaggery", "hing": "asafoetida",
    "hotcase": "casserole", "hot case": "casserole", "jalepeno": "jalapeno",
    "jalepenos": "jalapeno",
    # Hindi words for what the catalog names in English
    "dhania": "coriander", "adrak": "ginger", "lehsun": "garlic",
    "methi": "fenugreek", "palak": "spinach", "bhindi": "okra", "aloo": "potato",
    "pyaz": "onion", "pyaaz": "onion", "tamatar": "tomato", "haldi": "turmeric",
    "jeera": "cumin", "elaichi": "cardamom", "dalchini": "cinnamon", "kaju": "cashew",
    "badam": "almond", "kishmish": "raisins", "chawal": "rice", "dahi": "curd",
    "doodh": "milk", "makhan": "butter", "anda": "egg", "ande": "eggs",
    "sevaiyan": "vermicelli", "seviyan": "vermicelli", "sevai": "vermicelli",
    "semiya": "vermicelli", "chaas": "buttermilk", "chhaas": "buttermilk",
    "chaach": "buttermilk", "incontinence pants": "adult diapers",
    "incontinence pads": "adult diapers", "scent": "perfume", "scents": "perfume",
    "brolly": "umbrella", "brollies": "umbrella", "bangers": "sausage", "banger": "sausage",
    "kapoor": "camphor", "kapur": "camphor", "milkmaid": "condensed milk",
    "chai patti": "tea", "chai pati": "tea", "chai": "tea", "chini": "sugar", "namak": "salt",
    "kapde dhone ka sabun": "detergent bar", "sabun": "soap", "daal": "dal", "rava": "sooji",
    "rawa": "sooji", "suji": "sooji", "chawal ka atta": "rice flour", "bhujia": "namkeen",
}

# One word for two kinds: a rom-com is a romance and a comedy.
BLENDS: dict[str, tuple[str, ...]] = {
    r"\brom[- ]?coms?\b": ("romance", "comedy"),
    r"\bdramed(?:y|ies)\b": ("drama", "comedy"),
}

# -- wishes, refusals, price moves (numbers themselves: bot/quantities.py) ------------------

NEGATION = re.compile(
    r"\b(?:no|not|nothing|without|never|avoid|except|but not|"
    r"don'?t (?:really |much |even )?(?:want|like)|"
    # "wasnt there a film called ...": a question, no refusal
    r"(?:is|are|was|were)n'?t(?! there\b)|(?:should|could|would|must|ca|wo)n'?t be|"
    # ("he cant stand him": no one named, nothing refused)
    r"(?:hates?|can'?t stand)(?!\s+(?:him|her|them|it|that|this|those|these|'?em)\b)|"
    # "not just acted in", "part 2 not so much": no refusal
    r"no more)\b\s+(?!(?:just|only|merely|simply|so much)\b)"
    r"((?:(?:too|very|so|any|anything|something|more|a|an|the)\s+)?"
    # ("not gory for a sleepover": what it is for is the request's, not refused)
    r"[\w\-&' ]+?)(?=[,.;!?]|\band\b(?! not)|\bbut\b|\s+for\s+(?:a|an|the|my|our|his|her|"
    r"their|your)\s|$)", re.IGNORECASE)
# A verdict against a kind of thing: "cartoons are for babies", "musicals are boring"
VERDICT_AGAINST = re.compile(r"\b(?P<what>[\w-]+(?:\s[\w-]+)?)\s+(?:are|is)\s+(?:(?:so|too|just|"
                             r"kinda)\s+)?(?:for (?:babies|little kids|kids)|babyish|lame|cringe|"
                             r"boring|rubbish|dull|overrated)\b", re.IGNORECASE)
# What comes between "not" and the thing turned down: "not really looking for anything X".
NOT_LOOKING_FOR = re.compile(
    r"^(?:(?:really|too|that|very|so|much|big|a big)\s+)*(?:(?:looking for|interested in|into|"
    r"in the mood for|up for|feeling|a fan of|fan of|keen on|after|wanting)\s+)?"
    r"(?:(?:anything|something|any|a|an|the)\s+)?", re.IGNORECASE)
# A message that corrects itself: what follows replaces what came before on the same slot.
CORRECTION = re.compile(r"[,.]?\s*\b(?:no+ wait|wait no|no sorry|sorry,? i meant|sorry,? i mean|"
                        r"i meant|(?<!\w )i mean|actually,? no|no,? actually|actually,? scratch "
                        r"that|scratch that|or rather|correction|actually,? make (?:it|that)|"
                        r"make that|"
                        # "hmm make it horror instead": at the start, it corrects the last
                        r"^(?:(?:hmm+|ok(?:ay)?|no|nah|wait|so)[,.!]?\s+)*make (?:it|them))\b"
                        r"[,:.!]?\s*", re.IGNORECASE)
# A property of the request shown, alone: "the front load kind", "the unsalted one".
# Leaning the request shown one way: "something more natural, herbal maybe", "a bit more
# grown up", "ones more on the sweet side" (not "more like X", "more detail", "more of it")
LEANING = re.compile(r"^\W*(?:(?:ok|okay|hmm+|and|but|maybe|actually|perhaps)\W+)*"
                     r"(?:(?:something|anything|one|ones|maybe)\s+)?(?:(?:a )?(?:bit|little|"
                     r"lil|tad)\s+|slightly\s+|much\s+)?more\s+(?!like\b|detail|details\b|"
                     r"of\b|options\b|info\b|please\b|pls\b|ones\b|choices\b|similar\b|"
                     r"(?:simpl|plain|technical|in[- ]depth|concise)\w*)[a-z]", re.IGNORECASE)
# What the things shown should be for or have, alone: "for sensitive teeth", "with less
# sugar", "any for oily skin?" (the request shown, leaning that way)
MODIFIER_ALONE = re.compile(r"^\W*(?:(?:ok|okay|and|but|maybe|actually|preferably|ideally|"
                            r"something|anything|one|ones|any|some|got any|what about|"
                            r"how about)\W+)*(?:for|with|without|suitable for|good for|safe for|"
                            r"meant for|made for)\s+\w", re.IGNORECASE)
THE_X_KIND = re.compile(r"^\W*(?:(?:ok|okay|and|maybe|preferably|ideally)[, ]+)?(?:the|a|an)\s+"
                        r"[\w\s'-]+?\s+(?:one|ones|kind|type|sort|variety|version)\W*$",
                        re.IGNORECASE)
# "im not fussy", "i'm not a cook": the person says what they are, and refuses nothing,
# unless they say what they are not into ("i'm not into horror", "not a fan of musicals").
SELF_DESCRIBED = re.compile(r"\b(?:i'?m|i am|we'?re|we are)\s+$", re.IGNORECASE)
INTO = re.compile(r"(?:(?:really|that|very|so|much|big|a big|too)\s+)*(?:into|a fan of|fan of|"
                  r"keen on|in the mood for|up for|interested in|looking for|after|a fan)\b",
                  re.IGNORECASE)
PRICEY = r"(?:pricey|pricy|expensive|costly|dear|overpriced|spendy)"
# "it was a bit too scary for him": more of a kind than wanted, so none of it (the kinds
# only: "too long", "too pricey" and "too much text" are read elsewhere)
TOO_MUCH = re.compile(r"(?<!not )(?<!n't )(?<!nothing )\b(?:(?:a bit|a little|way|far|much|"
                      r"just|kinda|bit)\s+)?too\s+([\w-]+)", re.IGNORECASE)
NOT_TOO_MUCH = {"much", "many", "long", "lengthy", "short", "late", "early", "bad", "good",
                "big", "small", "far", "soon", "often", "hard", "complicated", "simple",
                # "too old": those shown are (a move to newer ones, NEWER)
                "old", "new", "recent", "dated", "modern"}
# "nothing too long", "not too lengthy": about how long the items are
LENGTHY = re.compile(r"(?:(?:too|very|so|that|overly)\s+)?(?:long|lengthy|drawn[- ]out)"
                     r"(?:\s+(?:ones?|movies?|films?|books?))?", re.IGNORECASE)
# "those aren't really my thing": an opinion of the picks, not a topic to refuse.
NOT_A_TOPIC = re.compile(r"^(?:(?:my|our) (?:thing|style|taste|type|cup of tea|kind of \w+)|"
                         r"for (?:me|us)|what i(?:'m| am) (?:after|looking for)|what i want|"
                         r"it|that|this|them|those|these|one)$", re.IGNORECASE)
# The picks shown as a whole, pointed at before an opinion: "those aren't my thing".
THE_LIST = re.compile(r"\b(?:those|these|them|they|all|none)\b(?:\s+\w+)?\s*$", re.IGNORECASE)
# A refusal that is about the price: "not too pricey coffee" wants coffee, cheaper.
NOT_PRICEY = re.compile(rf"(?:(?:crazy|too|very|super|that|so|overly|really|stupidly|"
                        rf"ridiculously)\s+)?{PRICEY}\b\s*", re.IGNORECASE)
# "like Alien but less scary": less of a kind is none of it.
LESS_OF = re.compile(r"\b(?:less|not as|not so)\s+([\w-]+)", re.IGNORECASE)
# ("the 3rd is the cheapest na?": said of a pick, no move)
CHEAPER = words((r"cheaper", r"(?<!is the )(?<!'s the )(?<!was the )cheapest", r"less expensive",
                 r"lower[- ]priced?", r"sast[aie]", r"(?:way |far )?too much for",
                 r"kam (?:price|daam|dam|rate)", r"out of (?:my|our) (?:range|league)",
                 r"more affordable", r"inexpensive", rf"not so {PRICEY}",
                 rf"too {PRICEY}", rf"(?:a bit|bit|kinda|so|pretty|quite|rather|way) {PRICEY}",
                 r"save money", r"for less",
                 r"(?:a bit |too |way )?much for (?:my|our|the) budget",
                 r"(?:out of|over|above|beyond) (?:my|our|the) budget", rf"less {PRICEY}",
                 r"more than i (?:wanted|want|planned|meant|hoped) to spend",
                 # "sab itna mehenga, kuch budget wala dikhao"
                 r"(?:itna |bahut |zyada )?(?:mehe?nga|mahanga)", r"budget (?:wala|waala|vala)"))
PRICIER = words((r"pricier", r"more expensive", r"higher[- ]end", r"fancier", r"more premium",
                 r"(?:thoda |kuch )?premium wal[aei]",
                 r"better quality", r"more upmarket", r"more upscale", r"posher",
                 r"more high[- ]end", r"classier", r"more classy",
                 r"(?:a bit|too|kinda|bit) (?:basic|ordinary|plain)", r"(?:more )?high[- ]class",
                 r"(?:look|looks|seem|seems|feel|feels) (?:a bit |kinda |too |so )?cheap",
                 r"(?:even if it )?costs? (?:a bit )?more", r"more (?:luxe|luxurious|lux)",
                 r"price no bar", r"money(?:'?s)? no (?:object|bar|issue)"))

# -- pointing at picks, and moving on -----------------------------------------------------

NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10, "twenty": 20,
                "thirty": 30}

# Hindi: "pehla wala", "teesri wali", "aakhri wala"
HINDI_ORDINAL_WORDS = {**dict.fromkeys(("pehla", "pehli", "pehle", "pahla", "pahli"), 0),
                       **dict.fromkeys(("dusra", "dusri", "doosra", "doosri", "dusre"), 1),
                       **dict.fromkeys(("teesra", "teesri", "tisra", "tisri", "teesre"), 2),
                       **dict.fromkeys(("chautha", "chauthi", "chauthe"), 3),
                       **dict.fromkeys(("aakhri", "akhri", "aakhiri", "aakhari"), -1)}
ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3,
            "4th": 3, "fifth": 4, "5th": 4, "sixth": 5, "6th": 5, "seventh": 6, "7th": 6,
            "eighth": 7, "8th": 7, "ninth": 8, "9th": 8, "tenth": 9, "10th": 9,
            "last": -1, "final": -1, "top": 0, "bottom": -1, "penultimate": -2, "end": -1,
            **HINDI_ORDINAL_WORDS}
HINDI_ORDINALS = "|".join(HINDI_ORDINAL_WORDS)
# "last night", "the last few years": times, not the last pick.
NOT_A_PICK = (r"(?!\s*(?:stars?|years?|decades?|days?|weeks?|weekend|months?|hours?|minutes?|"
              r"mins?|night|nite|time|summer|winter|spring|autumn|christmas|xmas|diwali|holi|"
              r"eid|holidays?|vacation|birthday|bday|few|couple|languages?|"
              r"date|name|place|aid|impressions?|things?|steps?|half|class|world|hand|gear|"
              r"floor|guess\w*|nature|thoughts?|chance|base|grade|round|row|person|sight|"
              r"love|kiss|wave|rate|ever|order|purchase|visit|trip|delivery|monday|tuesday|wednesday|thursday|friday|saturday|"
              r"sunday|sat|sun|term|semester|season|episode|\d+\s*(?:mins?|minutes|hours?|hrs?|secs?|seconds|days?|"
              r"weeks?|months?|years?)\b))")
# "the last two", "the first 3": several picks at one end of the list.
SEVERAL = re.compile(r"\b(?:the\s+)?(first|last|final)\s+(two|three|four|2|3|4)\b" + NOT_A_PICK,
                     re.IGNORECASE)
# ("a second pressure cooker": another one; "every last one of them": all)
REFERENCE = re.compile(r"(?<!\ba )(?<!\ban )(?<!\bevery )\b(?:the\s+)?(first|1st|second|2nd|third|"
                       r"3rd|fourth|4th|fifth|5th|sixth|6th|seventh|7th|eighth|8th|ninth|9th|"
                       r"tenth|10th|last|final)\b" + NOT_A_PICK
                       + r"(?:\s+(?:one|pick|option|movie|film|item|suggestion|product)s?\b)?"
                       rf"|\b({HINDI_ORDINALS})\s+(?:wala|wali|wale|vala|vali|one)\b"
                       r"|\b(?:the\s+)?(top|bottom)\s+(?:one|pick|option|choice)\b"
                       r"|\b(?:the )?(?:one )?(?:right )?(?:at|on) (?:the )?(top|bottom)\b"
                       r"|\b(?:the )?(penultimate)(?: one)?\b"
                       r"|\b(?:the )?one at the (end) of the list\b"
                       # ("my all time number 1" is a verdict)
                       r"|(?<!my )(?<!time )(?:\b(?:number|no\.?|option|pick|item)|#)\s*"
                       r"(\d|one|two|three|four|five)\b",
                       re.IGNORECASE)
# "I watched Speed last night": when, typed in lower case, not the film "Last Night".
# Occasions, typed in lower case, are no titles: "something for a date night" is not the
# film "Date Night"; the words are left to search by meaning.
OCCASION = re.compile(r"\b(?:(?:date|movie|family|game|girls'?|boys'?|pizza) night|a night in|"
                      r"rainy (?:day|afternoon|sunday)|lazy (?:sunday|afternoon|weekend)|"
                      # "more over the top action": no film "Over the Top" ("notting": no ott)
                      r"road trip|sleepover|over the top|ott|"
                      r"(?:father|mother|valentine|mum|mom|dad)['’]?s['’]? day)\b", re.IGNORECASE)
# A span that is only a number of years or days is no title when typed in lower case:
# "less than 10 years old" names no film "10 Years" ("the 40 year old virgin" still does).
DURATION = re.compile(r"(?:like )?\d{1,3} (?:years?|days?|hours?|minutes?|weeks?|months?|times)",
                      re.IGNORECASE)
# A running time asked for: "under 90 minutes", "less than 2 hrs", "an hour and a half long"
_DURATION = (r"(?:an?|\d+(?:\.\d+)?)[\s-]*(?:hours?|hrs?|minutes?|mins?)"
             r"(?:\s+and\s+(?:a\s+)?half)?")
RUNNING_TIME = re.compile(rf"\b(?:(?:under|less than|no (?:more|longer) than|at most|"
                          rf"max(?:imum)?|over|more than|longer than|at least)\s+{_DURATION}"
                          rf"(?:\s+long)?|{_DURATION}(?:\s+long|(?=\s+(?:movie|film)s?\b)))\b",
                          re.IGNORECASE)
# "the other one you mentioned", "the other two": earlier picks, not the film "The Others"
OTHER_ONES = re.compile(r"the other(?: (?:one|ones|two|three|\d|film|films|movie|movies))?",
                        re.IGNORECASE)
TIME_PHRASE = re.compile(r"(?:last|this|next|the other) (?:night|week|weekend|month|year|time|"
                         r"summer|winter|day)", re.IGNORECASE)
# "something smart like Arrival": a few words between, counted when a title follows
LOOSE_LIKE = re.compile(
    r"\b(?:something|anything|stuff|things|movies|films|ones?|products)"
    r"(?:\s+(?!(?:i|i'd|id|you|we|they|he|she|my|our|would|will|to|do|really|might|should|"
    r"also|kids?|people|everyone|everybody)\b)[\w'-]+){1,3}\s+like\b", re.IGNORECASE)
MORE_LIKE = words((r"more like", r"similar to",
                   r"(?:something|anything|stuff|things|movies|films|ones|products|owt|summat|"
                   r"sth|smth) like",
                   r"like that one", r"more of (?:that|those|these)", r"along the lines of",
                   r"in (?:that|this|the same) (?:vein|lane|style)", r"in the vein of",
                   r"(?:another )?one like (?:that|this|it)", r"in the same vein",
                   r"along the same lines", r"along (?:those|these) lines",
                   r"more of (?:that|this|the same) (?:sort|kind|type)",
                   r"(?:in )?(?:the )?same (?:vibe|feel|mood|energy) as",
                   r"(?:a )?similar (?:vibe|feel|mood|energy) to"))
# The whole list shown last: "seen all of these", "loved them all".
WHOLE_LIST = words((r"all of (?:them|these|those|'?em|the above)", r"(?:them|these|those|'?em) all",
                    r"all (?:these|those|them|three|four|five|[2-9])", r"the (?:whole )?lot",
                    r"every (?:single |last )?one of (?:them|these|those|'?em)",
                    r"each of (?:them|these|those)", r"every one", r"both",
                    r"every (?:brand|option|product|pick|one) (?:here|shown|listed|you (?:showed|"
                    r"listed|gave))",
                    r"(?:seen|watched|saw|loved|liked|hated|know|tried|had|bought)"
                    r" (?:them |'?em )?all(?! (?:year|day|week|month|night|summer|winter|along|"
                    r"my life)\b)",
                    # "seen those", "loved them already": the list said of, and nothing after
                    r"(?:seen|watched|saw|loved|liked|hated|tried|had|bought)\s+"
                    r"(?:those|these|them|'?em)(?:\s+(?:ones|already|before|too|as well))*"
                    r"(?=\s*(?:[,.!?;]|$|(?:but|and|so|lol|tbh|though|tho)\b))"))
# The list as the subject of an opinion: "those look good, thanks", "ok these are great"
LIST_SUBJECT = re.compile(r"^\W*(?:(?:ok(?:ay)?|oh|hmm+|wow|yes|yeah|thanks|ah)[,!.]?\s+)?"
                          r"(?:(?:those|these|they)(?:'ll| will) do\b|"
                          r"(?:those|these|they)(?:\s+all)?\s+(?:look|looks|sound|sounds|seem|"
                          r"are|were|r)\b)", re.IGNORECASE)
# Turning the whole list down: not a refused topic ("not those" is not about "those").
NOT_THESE = words((r"none of (?:them|these|those|the above)",
                   r"not (?:these|those|them)(?: ones?)?", r"neither",
                   r"(?:not|n'?t) (?:vibing|feeling) (?:with )?(?:any of )?(?:these|those|them)"))
SOMETHING_ELSE = re.compile(
    # ("anything else along those lines" asks for more like it)
    r"\b(?:(?:something|anything) else(?!\s+(?:along|like|similar|in the same)\b)|what else|"
    r"other (?:ones|options|ideas)|others|(?:show|see|give)(?: me)? (?:some )?more"
    r"(?=\s*(?:$|[?.!,]|please\b|pls\b|plz\b|of (?:these|those|them|that)\b|options\b))|"
    r"more (?:options|choices|ones|please|pls)|(?:a few |some |any |other |more )?alternatives?|"
    r"dig (?:a bit |a little |a lil |slightly )?deeper|(?:koi )?naya brand|"
    # ("show me more high class ones": a move)
    r"different ones?|a different one|"
    r"show me more(?!\s+[\w-]+(?:\s+[\w-]+)?\s+(?:ones?|options|stuff)\b)|more options|"
    r"next(?= ones?\b| please| pls|\s*[!?.]|\s*$)|"
    # ("another box of tissues": one more of a product, nothing else)
    r"another (?:brand|make|company|option|choice|variety)s?\b|"
    r"another(?: one)?(?! (?:thing|question|request|q)\b)(?! (?:[\w-]+ )?(?:of|bottle|packet|"
    r"pack|box|bag|jar|tin|can|carton|refill|kg|litre|liter)\b(?! (?:of )?(?:those|these|them|"
    r"that|this|it|em|'em)\b))"
    r"|(?:something|sth|smth|summat|anything) new(?! (?:york|zealand|release))"
    r"|(?:any|some) other(?! (?:than|way|time|day|night)\b)"
    r"|try again|re-?roll|(?:these|those|this|that) (?:aint|ain'?t|isn'?t|isnt) it"
    r"|(?:apart from|besides|other than|except) (?:these|those|them)"
    r"|kuch aur|aur (?:dikhao|dikha)|next (?:batch|lot|set|page|few)|"
    r"(?:any )?(?:new|other|different) brands?"
    r"(?!\s+(?:one\s+)?like)|none of (?:them|these|those|the above)|not (?:these|those|them)"
    r"|neither)\b|"
    # "more skin care", "more please": not "more like", "more detail"
    r"^\W*(?:some\s+)?more\b(?!\s+(?:like|detail|details|of|similar|technical|info|"
    r"information|simply|simple|plain|easy|in[- ]depth|expert|concise|plainly|recent))",
    re.IGNORECASE)

# "something similar but older", "X, anything similar?": like what was named or shown
# (not "similar to X", read as more like X)
SIMILAR_ALONE = re.compile(r"\b(?:(?:something|anything|more|stuff|ones?|films?|movies?|"
                           r"products?)\s+(?:\w+\s+)?similar|similar (?:ones|stuff|films|"
                           r"movies|products))\b(?!\s+(?:to|vibe|feel|mood|energy)\b)",
                           re.IGNORECASE)

# -- opinions --------------------------------------------------------------------------------

# ("i'd love a ..." is a wish, no opinion)
LIKE_PHRASES = (r"(?<!'d )(?<!’d )(?<!\bid )(?<!would )(?<!wud )loved?", r"liked",
                # someone else's taste, told for them: "she loves frozen", "my son likes cars"
                r"loves", r"(?:he|she|they|son|daughter|kid|kids|boy|girl|wife|husband|mum|mom|"
                r"dad) (?:really )?likes", r"(?:is|are) (?:obsessed with|hooked on|mad about)",
                r"i like (?:it|that|this|them)", r"enjoyed",
                r"(?<!not )(?<!n't )(?<!nt )(?<!not that )great",  # "the ratings arent great"
                r"adored?", r"adores", r"really dug", r"(?:all[- ]time )?faves?",
                r"(?:right )?up my (?:street|alley)", r"superb", r"cracking",
                r"keen on (?:every|all|them|these|those)", r"(?:is|are) gold\b",
                r"been (?:hunting|looking) for (?:that|this|it)",
                r"(?:is|was|'s) (?:so |really |criminally |massively )?underrated",
                r"awesome", r"amazing", r"favou?rite",
                r"(?:that|this) (?:one )?(?:is|was|sounds|looks) (?:good|great|perfect)",
                r"(?:looks?|sounds?|seems?) (?:really |so |pretty )?(?:good|gud|gd|great|perfect|"
                r"fun|ace|interesting|nice|amazing|cool|awesome|promising|neat|fab|brilliant|fine|"
                r"decent|alright|ok|okay)",
                # "those'll do, thanks": taken
                r"(?:those|these|that|this|they|it)(?:'ll| will) do",
                r"perfect", r"yes please", r"saving (?:it|that|this)(?: one)? for",
                r"😍", r"❤️", r"🥰",
                r"(?:is|was|'s) (?:a |an |my |such a )?(?:classic|masterpiece|gem)",
                r"(?:was|is|were|are|'s) (?:so |really |just )?lovely",
                r"(?:how|so) magical", r"(?:is|'s) (?:my|our) (?:go[- ]?to|comfort (?:film|movie))",
                r"(?:still|so|proper|properly|absolutely|just) (?:hilarious|epic|brilliant)",
                # "2nd one sounds sick ngl", "lowkey obsessed w the first one"
                r"(?:looks?|sounds?|seems?|is|was) (?:so |lowkey |kinda |actually )?(?:sick|fire|"
                r"lit|dope|banging|sooo? good)",
                r"(?:lowkey |highkey |kinda |so |actually )?obsessed (?:with|w|wit)",
                # "third one goes hard 🔥", "👍 on the last two"
                # "we'll go with number 2", "ok i'll take the second one": chosen (the pick
                # may be read already: "i'll take" then nothing)
                r"(?:we'?ll|i'?ll|ill|we will|i will|let'?s|gonna|going to) (?:go (?:with|w|for)|"
                r"roll with|take|have|get|grab|pick|choose)(?=[\s,]+(?:the|that|this|number|no\.?|"
                r"#|it|both|those|these|them|\d|thanks?|thx|please|pls|then)|\s*[,.!?]*\s*$)",
                r"goes hard", r"go hard", r"🔥", r"👍", r"(?:is|looks|sounds) (?:bahut )?(?:accha|"
                r"achha|badhiya|mast|zabardast)")
DISLIKE_PHRASES = (r"hated?", r"disliked?", r"didn'?t (?:really |much |actually |even )?like",
                   r"don'?t (?:really |much )?like", r"not for me",
                   r"boring", r"awful", r"terrible", r"not (?:that|this) one", r"no thanks",
                   r"meh", r"(?:the|my) (?:absolute )?worst", r"bored me(?: to tears)?",
                   r"(?:a )?hard pass", r"i'?ll pass", r"never again",
                   r"skip (?:that|this|it)(?: one)?",
                   r"(?:was|is|were|are) (?:absolute |total |utter |complete )?(?:pants|rubbish|"
                   r"garbage|trash|dire|naff|crap)",
                   r"put me to sleep", r"was (?:so )?dull",
                   r"never (?:buying|getting|ordering|using|watching) (?:that|it|this|them|"
                   r"those|'?em)(?: one)? again",
                   r"(?:were|was|got) bored (?:stiff|silly|to death|to tears|out of)",
                   r"(?:looks?|seems?|sounds?) (?:a bit |kinda |too |so |really )?(?:cheesy|"
                   r"lame|boring|dull|corny|naff|rubbish|bad|meh)",
                   # "that fifth one scarred me for life", "the lid broke in a week"
                   r"scarred me", r"traumati[sz]ed me", r"(?:a )?hard no", r"hell no",
                   # Hindi: "aakhri wala bekaar hai"
                   r"bekaar", r"bekar", r"bakwaas", r"bakwas", r"👎",
                   r"(?:pasand|accha|achha|acha) (?:nahi|nahin|nai|nhi) (?:aaya|aayi|aya|ayi|"
                   r"hai|tha|thi|laga|lagi)",
                   r"(?:broke|stopped working|fell apart|leaked|went off) (?:in|within|after) "
                   r"(?:a|one|two|\d+) (?:day|week|month)s?")
LIKE = words(LIKE_PHRASES)
DISLIKE = words(DISLIKE_PHRASES)
# ("he's seen all year" is when)
SEEN = words((r"(?:seen|saw|watched) (?:it|that|this|them|'?em|the|those|these|all|every|both|"
              r"most(?: of)?)",
              r"^\W*(?:already\s+)?(?:seen|watched)(?=\s+\w)"
              r"(?! (?:year|day|week|month|night|summer|winter|along|my life)\b)",
              r"already (?:seen|watched|have|bought|got)", r"have seen", r"i'?ve seen",
              r"bought it", r"have it", r"(?:watched|seen) (?:them |those |it )?already",
              r"i'?ve (?:watched|seen)", r"ive (?:watched|seen)",
              # "we saw mr and mrs smith already", "they've seen toy story and shrek"
              r"(?:we|they|he|she|i|you)(?:'ve| have| had|'d)? (?:already )?(?:saw|seen|watched)"
              r"\b(?=.*\balready\b)",
              r"(?:we'?ve|they'?ve|we have|they have) (?:already |both |all )?(?:seen|watched)",
              # "used all of these already": the products, had
              r"(?:already )?(?:tried|used) the (?:first|last|top) (?:one|two|three|\d)",
              r"(?:tried|used|had) all (?:of )?(?:these|those|them)",
              r"already (?:tried|used|had)",
              r"caught (?:the|that|this|it)\b", r"been there,? done that",
              # Hindi: "ye last wali maine dekh li hai", "pehle dekh chuka"
              r"(?:maine|humne|hamne|pehle|already) (?:\w+ )?(?:dekh (?:li|liya|chuka|chuki)|"
              r"dekhi|dekha|dekhe)", r"dekh (?:liya|li|chuka|chuki|chuke)(?= hai| h\b|\s*[,.!?]|$)",
              r"(?:used|tried|had) (?:all of |both of )?(?:these|those|them|'?em)(?: all)?"
              r"(?= already|\s*$|\s*[,.!?]| before| all)"))
FEEDBACK_WORDS = words((r"seen", r"saw", r"watched", r"loved?", r"liked?", r"hated?", r"enjoyed",
                        r"adored?",
                        r"already"))
# Taking or turning down an offered substitute: the opinions above, and the words of a choice.
ACCEPT = words((*LIKE_PHRASES, r"i'?ll take", r"i will take", r"take (?:it|that|this|the)",
                r"i'?ll have", r"add (?:it|that|this|the)", r"sounds good", r"that works",
                r"that'?s fine", r"yes", r"yep", r"ok(?:ay)?", r"sure", r"go ahead", r"do it",
                r"please do"))
REJECT = words((*DISLIKE_PHRASES, r"don'?t want", r"do not want",
                r"not (?:that|this|the \w+)(?: one)?", r"nope", r"reject"))

# "something healthier", "a lighter one": the same request, leaning one way (prices, years and
# lengths are moves: CHEAPER, OLDER...)
COMPARATIVES = frozenset((
    "healthier", "lighter", "darker", "funnier", "scarier", "sweeter", "spicier", "milder",
    "smarter", "happier", "sadder", "sillier", "crunchier", "richer", "fresher", "softer",
    "stronger", "gentler", "calmer", "creepier", "weirder", "bigger", "smaller", "tastier",
    "cuter", "deeper", "grittier", "quieter", "louder", "simpler-tasting", "cosier", "cozier"))

# -- how picks are presented -----------------------------------------------------------------

TELLING = (r"(?:descript\w*|discript\w*|descs?|write[- ]?ups?|blurbs?|summar(?:y|ies)|"
           r"explanations?|info|words|details?|answers?|replies|text|reviews?|bits?)")
LISTENER = (r"(?:my |a |an |your )?(?:gran|granny|grandma|grandpa|grandad|granddad|nan|nana|"
            r"nani|dadi|mum|mom|dad|parents?|grandparents?|kid|child|little one|\d{1,2} year old)")
AGE_WORDS = r"(?:\d{1,2}|five|six|seven|eight|nine|ten|eleven|twelve|a (?:kid|child|baby))"
SIMPLER = words((r"simpler", r"simple", r"simply", r"simplify", r"easier", r"easy words",
                 r"plain(?:er)? (?:words|english|language|terms)",
                 r"in plain(?:er)?(?: (?:words|english|language|terms))?", r"layman'?s terms",
                 r"i don'?t understand", r"too complicated", r"too hard", r"confusing",
                 rf"(?:like|as if) (?:i'?m|im|i am) {AGE_WORDS}(?: years? old)?",
                 r"eli5", r"dumb(?:ed)? (?:it )?down", r"no jargon", r"less jargon", r"simplfy",
                 # "less film bro talk, more normal human talk", "keep it regular-people level"
                 r"(?:normal|regular|everyday|ordinary|real)[- ](?:human|people|person|folks?)"
                 r"[- ]?(?:talk|level|speak|words|language)?", r"less [\w-]+(?: [\w-]+)? talk",
                 r"(?:you )?lost me (?:at|there|with|on)", r"aasan (?:bhasha|shabdon|words)",
                 r"saral (?:bhasha|shabdon)", r"samjha nahi", r"samajh nahi aa(?:ya|te|ta|ti)",
                 # "describe them in normie terms pls"
                 r"(?:in )?normie (?:terms|words|language|speak|talk)",
                 # "too much jargon", "abit more simpel", "skip the science and just say it
                 # plainly", "explain these for a total beginner"
                 r"(?:too much|so much|lots of|all this|all that|all the) jargon", r"simpel",
                 r"more simply", r"(?:explain|say|put|describe|tell)\w* (?:it|them|that|this|"
                 r"these|those|'?em) simply",
                 r"(?:say|put|explain|tell) (?:it|them|that) plainly", r"skip the science",
                 r"for an? (?:total|complete|absolute|real) (?:beginner|novice|newbie|noob)",
                 # "explain these like im a golden retriever", "seedhi bhasha mein samjhao"
                 r"like (?:i'?m|im|i am) an? (?:golden retriever|dog|puppy|goldfish|caveman|"
                 r"potato|toddler|labrador)", r"smooth brain",
                 r"(?:seedhi|simple|saaf|aasaan|asaan) bhasha",
                 r"(?:explain|say|describe|put|word|write|tell)\w*(?: (?:it|them|this|that))?"
                 r" (?:for|to) a (?:child|kid|little one|beginner)",
                 r"child[- ]friendly words", r"small words", r"in simple words",
                 r"(?:use |in )?words an? (?:kid|child|\d{1,2} year old|beginner)"
                 r" (?:would|could|can|will)"
                 r" (?:get|understand|follow)",
                 r"(?:in )?simpler terms", r"in simple terms",
                 r"(?:normal|regular|everyday|ordinary|plain|easy|basic) (?:words|language|"
                 r"english)",
                 r"english is(?:n'?t| not) my (?:first|native) language",
                 r"non[- ]?technical", r"nothing complicated",
                 r"pretend (?:i'?m|im|i am) (?:a |an )?(?:toddler|kid|child|baby|five|\d{1,2})"
                 r"(?: years? old)?",
                 r"like (?:i'?m|im|i am) (?:thick|stupid|dumb|an idiot|slow|clueless)",
                 r"(?:in )?(?:words|terms|language) (?:that )?(?:an? |any )?(?:normal|regular|"
                 r"ordinary|average|everyday|lay)? ?(?:person|human|people|kid|child|beginner)s? "
                 r"(?:would |could |can |will )?(?:gets?|understands?|follows?)",
                 r"i (?:know|knew) (?:zilch|nothing|nada|zero|very little) about",
                 r"(?:bring|keep) it down to earth", r"for a regular (?:guy|person|joe|bloke)",
                 r"(?:went|go|going|gone) full (?:professor|academic|lecturer)",
                 r"like (?:i'?m|im|i am) new to (?:all )?(?:this|it)",
                 r"(?:total |complete )?(?:noob|newbie)", r"explain (?:it|them|em|'em) simple",
                 r"like (?:i'?m|im|i am) (?:a |an )?[\w-]+(?: [\w-]+)? who (?:has|have|'s) never",
                 # "explain them so my gran would follow"
                 rf"(?:so|that|like|for|such that) {LISTENER} (?:would|could|can|will|'?d|'?ll|"
                 rf"might) (?:follow|understand|get)",
                 r"(?:went |goes |go )?(?:right |straight |way )?over my head",
                 # "no fancy film-critic words", "stop with the chemical names"
                 r"(?:no|without|less|stop with the|cut the|skip the|drop the|enough with the|"
                 r"none of the|not so many) (?:fancy|big|technical|chemical|scientific|posh|"
                 r"complicated|difficult|hard|long|film[- ]?critic|critic|science|sciencey|"
                 r"clever)(?:[- ]\w+)? (?:words|terms|names|jargon|language|talk|speak)",
                 # "without all the film school lingo"
                 r"(?:no|without|less|cut|skip|drop|lose|ditch)(?: all)?(?: the| that| this)?"
                 r"(?: [\w-]+){0,2} (?:lingo|jargon|gobbledygook|mumbo[- ]jumbo)",
                 r"less (?:\w+[- ])?(?:schooly|jargony|sciencey|academic|highbrow|pretentious|"
                 r"complicated|technical)",
                 rf"(?:like|as if) (?:you'?re|youre|you are|ur|u r) (?:talking|speaking|explaining|"
                 rf"reading it) to (?:my |a |an )?(?:{AGE_WORDS}(?:[- ]years?[- ]old)?|"
                 rf"kid|child|toddler|little one|grandma|granny|beginner|newbie)"))
EXPERT = words((r"expert", r"technical", r"more technical", r"in depth", r"in-depth", r"nerdy",
                r"nerd out", r"for a (?:film )?buff", r"for experts?", r"like a critic",
                r"(?:use )?big words", r"(?:i'?m|im|i am) an? (?:film|movie) (?:buff|nerd|geek)",
                r"cinephile", r"film school", r"sophisticated", r"advanced", r"go deeper",
                r"jargon is fine", r"don'?t dumb", r"go deep", r"(?:go )?full science",
                # "assume i know my auteur theory", "skip the 101 stuff"
                r"assume (?:i|we) know", r"(?:no need to|don'?t|dont|do not) explain what",
                r"skip the (?:101|basics|basic stuff|beginner stuff|intro)",
                r"director'?s'? commentary", r"talk (?:to me )?like (?:a|an) (?:pro|insider)",
                r"(?:don'?t|dont|do not) hold back", r"i can (?:take|handle) (?:it|the jargon)",
                r"(?:don'?t|dont|do not) hold my hand", r"(?:go|going) full (?:geek|nerd)",
                r"(?:don'?t|dont|do not) water (?:it|them|'?em) down",
                r"(?:my \w+ is|he'?s|she'?s) an? (?:cardiologist|doctor|dermatologist|"
                r"nutritionist|dietitian|chef|pharmacist|scientist|chemist|nurse|film critic)",
                r"(?:i )?(?:lecture|teach|taught) (?:on |in )?(?:film|screenwriting|cinema|"
                r"film studies|media)", r"talk (?:structure|craft|technique|cinematography)",
                r"symbolism", r"(?:uni|university|college) (?:essay|assignment|course)",
                r"for my (?:essay|thesis|dissertation|class|course|seminar)",
                r"(?:i )?run an? (?:small |little )?(?:bakery|restaurant|cafe|kitchen|catering)",
                r"no need to hand[- ]?hold", r"(?:don'?t|dont) hand[- ]?hold",
                r"(?:film|movie|cinema|food|wine) "
                r"(?:nerd|geek|buff|snob)s? here", r"(?:wrote|writing|doing) (?:my |a )?"
                r"(?:dissertation|thesis|phd)", r"nerdy (?:version|take|deep dive|stuff|bits)",
                r"(?:i'?m|im|i am) an? (?:\w+ )?(?:technologist|scientist|researcher|professor|"
                r"lecturer|academic|specialist|professional)",
                r"(?:i'?m|im|i am) an? (?:colou?rist|gaffer|vfx \w+|sound mixer)",
                # "as a nutritionist i want details", "im a military historian"
                r"as an? (?:nutritionist|dietitian|dietician|doctor|chef|pharmacist|chemist|"
                r"scientist|film critic|critic|historian|cinematographer|professional)",
                r"(?:i'?m|im|i am) an? (?:\w+ )?historian",
                r"geek out", r"nerd out on",
                r"(?:i'?m|im|i am) an? (?:dermatologist|doctor|nutritionist|dietitian|dietician|"
                r"chef|baker|pharmacist|scientist|chemist|nurse|cinematographer|film critic|"
                r"animator|film editor|editor|filmmaker|film-maker|screenwriter|director|"
                r"sound designer|vfx artist|photographer)",
                r"(?:i )?studied (?:film|cinema|movies|nutrition|food|cooking)",
                r"(?:film|cinema|movie) (?:student|major|degree|studies|buff|nerd|geek)",
                # "astrophysics phd here", "cinematographer by trade", "lens n lighting chat
                # is welcome", "dont spare me the science"
                r"[\w-]+ (?:phd|ph\.d|professor|prof|engineer|scientist|nerd|geek) here",
                r"(?:(?:i'?m|im|i am) an? )?[\w-]+ by (?:trade|profession)",
                r"(?:chat|talk|jargon|detail|science|geekery) (?:is|are) (?:welcome|fine|ok|"
                r"okay|encouraged)",
                r"(?:don'?t|dont|do not) spare (?:me|us) the (?:science|jargon|technical|"
                r"tech|nerdy|details?)",
                r"like an? (?:film |movie |food |wine )?(?:expert|pro|professional|pharmacist|"
                r"doctor|chef|critic|scientist|specialist|connoisseur|sommelier|nerd|engineer|"
                r"insider)(?: would)?"))
MORE_DETAIL = words((r"more detail", r"more details", r"tell me more(?: about)?",
                     r"(?:be )?more detailed", r"detailed", r"(?:the )?long(?:er)? version",
                     r"in full", r"tell me about (?:them|these|those|each|it|that one)",
                     r"longer",
                     r"elaborate", r"more info(?:rmation)?", r"(?:give me |with )?the details",
                     r"in detail", r"go into detail", r"expand on", r"say more",
                     r"longer descriptions?", r"what (?:are|is) (?:they|it|each) about",
                     r"what (?:it'?s|its|they'?re|theyre) about", r"what'?s it about",
                     r"what(?:'?s| is| was) (?:that|this|the)(?: (?:one|film|movie|last one|"
                     r"first one))? about",
                     r"tell me (?:way |a lot |much |a bit |a little )?more about",
                     r"(?:the )?full picture",
                     r"a bit more about", r"full details?", r"all the details",
                     r"the whole story", r"more depth",
                     r"(?:tell me )?everything about (?:each|them|these|those|it)(?: one)?",
                     r"tell me everything", r"the works",
                     r"all the info(?:rmation)?",
                     r"(?:a |the )?(?:proper|full|complete|quick)? ?run-?down(?: of| on)?",
                     r"who'?s in (?:it|them|each)", r"why (?:it'?s|its|they'?re) worth it",
                     r"deep[- ]?dive", r"(?:more|some|a bit more|bit more) meat",
                     rf"{TELLING} (?:were|was|are|is|r|look|seem|feel)(?: \w+)? "
                     r"(?:thin|sparse|vague|bare|lacking|not enough)",
                     r"(?:thoda |more |in |full )?detail (?:mein|me|main)\b",
                     r"not just the (?:\S+ )?(?:blurb|summary|synopsis)", r"unpack",
                     r"explain (?:it |them |this |these )?properly", r"properly explain",
                     r"sab kuch", r"go (?:in[- ]depth|deep(?:er)?) (?:on|into|about)",
                     r"walk me through", r"flesh (?:it |them |'?em |this |that )?out",
                     r"(?:give me|gimme) more to go on",
                     r"(?:the )?full (?:lowdown|low-down|scoop|story)",
                     r"(?:don'?t|dont|do not) skimp",
                     r"break (?:it|this|that|them|these|those|'?em|each(?: one)?) down",
                     r"break down (?:the|each|every|all)",
                     r"the full (?:numbers|breakdown|specs|info|details)",
                     # "more on each pls", "these blurbs are tiny", "har ek ki poori
                     # ingredient list"
                     r"more on (?:each|every|all)(?: one| of them)?",
                     rf"{TELLING} (?:are|is|r|were|was|look|seem) (?:so |too |really |a bit )?"
                     r"(?:tiny|short|small|skimpy|thin|bare)",
                     r"what'?s (?:actually |really )?going on in (?:each|them|these|those)",
                     r"(?:poori|puri|full|whole|complete) (?:ingredient|ingredients) list",
                     r"(?:poori|puri) (?:details?|jaankari|jankari|list)",
                     r"go into (?:proper |full |more |some )?detail", r"full specs?",
                     r"complete details?", r"(?:i )?(?:want|need) (?:the |all the |full )?"
                     r"details", r"go into (?:it|them|each(?: one)?) properly",
                     r"(?:all )?the specs"))
LESS_DETAIL = words((r"shorter(?! (?:one|ones|movie|movies|film|films|book|books))", r"brief",
                     r"briefly", r"less detail", r"tl;?dr", r"keep it short",
                     r"less (?:wordy|verbose|long)", r"(?:in )?(?:one|a) sentence(?: each)?",
                     # "films that aren't too long" are about the films
                     r"(?<!not )(?<!n't )(?<!nothing )(?<!none )too long",
                     r"short please", r"just the titles?", r"one line each",
                     # "like 3 words per film", "jaldi se bas top wala", "details baad mein"
                     r"(?:\d|one|two|three|four|five|a few|few) words? (?:per|each|a|for each) "
                     r"(?:film|movie|one|item|pick|product)",
                     r"jaldi (?:se|mein)", r"details? baad mein", r"short mein",
                     r"short and simple", r"(?:a )?(?:quick |short |single )?line (?:on|for|"
                     r"about) each",
                     # "like a tweet each", "keep each to a para max", "simple words n short"
                     r"(?:like|as) an? tweet(?: each)?", r"an? tweet (?:each|max|tops)",
                     r"tweet[- ]length",
                     r"(?:keep|make) (?:each|it|them|'?em)(?: one)? (?:to )?(?:a|one) "
                     r"(?:para|paragraph|line|sentence|tweet)(?: max| tops| each)?",
                     r"(?:a|one) (?:para|paragraph) (?:max|tops|each)",
                     r"(?:and|n|&) short(?= pls| please|\s*[,.!?]|\s*$)",
                     r"short (?:pls|plz)",
                     r"summari[sz]e", r"too much text", r"less text", r"too wordy", r"concise",
                     r"fewer words", r"short version", r"in a nutshell", r"short and sweet",
                     r"no need for (?:all )?(?:that|the|so much) detail", r"too much detail",
                     r"quick(?:ly)? (?:please|summary)", r"bullet points?",
                     r"(?:just )?the gist", r"just (?:the )?names?(?: only)?", r"names only",
                     r"titles only", r"no descriptions?", r"skip the (?:descriptions?|blurbs?)",
                     r"a lot of text", r"wall of text", r"too much to read",
                     r"(?:like )?(?:one|two|2|a couple of|a few|few) lines?(?: each| max)?",
                     r"(?:just )?the quick version(?: of each)?", r"super short",
                     r"short (?:answers?|replies|descriptions?)(?: only| please| pls)?",
                     # "keep the write ups short", "keep each one snappy"
                     rf"(?:keep|make) (?:it|them|'?em|each(?: one)?|the {TELLING})"
                     r"(?: \w+)? (?:short|brief|snappy|tight|quick|punchy|crisp|light|tiny|small)",
                     r"condense", r"condensed", r"cut (?:it|them|that) down",
                     r"in (?:one|two|three|a few|few|1|2|3) words", r"one[- ]?liners?",
                     r"cliff'?s? ?notes", r"(?:way )?too much (?:info|information|gyaan|reading)",
                     r"(?:no|don'?t need|dont need|not) an? essay", r"no long (?:story|stories|"
                     r"essays?|paragraphs?|descriptions?|explanations?)",
                     r"just list (?:them|'?em|the names)", r"list (?:them|'?em) only",
                     r"(?:trim|cut) (?:it|them|'?em|these|those)(?: down)?",
                     r"(?:just )?(?:the )?headlines?(?: on each| only)?",
                     r"spare me the (?:essays?|details?|lecture|waffle|life story)",
                     r"(?:a )?(?:line|sentence) or two", r"no (?:long )?paragraphs?",
                     r"seedha (?:seedha )?bol\w*", r"elevator pitch", r"in short", r"in brief",
                     r"not (?:loads|lots|a lot) of (?:text|words|reading)",
                     r"not an? (?:phd |whole )?(?:thesis|essay|novel|dissertation)",
                     r"enough (?:explanation|explaining|detail)", r"(?:tell|say) (?:it )?shortly",
                     r"titles? (?:plus|and|\+) (?:one|a) (?:reason|line)",
                     r"(?:that'?s|thats|it'?s|its|this is|that was) (?:an? |such an? )?"
                     r"(?:essay|novel|lot to read)",
                     r"(?:just )?(?:the )?titles? (?:n|and|&|\+) (?:the )?years?",
                     r"(?:bas |sirf )?naam (?:aur|or|n|and|&) (?:daam|price)",
                     r"itna (?:sab|zyada|saara) (?:nahi|nahin|mat) padh\w*",
                     r"(?:just )?(?:the )?names? (?:and|n|&) prices?"))

# -- moving on from the list shown: other items, further along one field -------------------

# "my older sister": who, not older picks
KIN = (r"(?!\s+(?:sisters?|brothers?|siblings?|sis|bro|kids?|sons?|daughters?|cousins?|people|"
       r"folks|relatives|generation|viewers|audiences?)|\s+than (?:me|us|i|my|dirt|you)"
       r"|\s+the\b)")  # "the older the rice, the better": a saying
OLDER = words((r"older(?: ones?| films?| movies?| stuff| titles?)?" + KIN, r"earlier ones?",
               r"more old[- ]school", r"old[- ]schooler",
               r"earlier than (?:these|those|them|that|this)",
               r"(?:well |way |long |much )?before (?:these|those|them)",
               r"back (?:a bit |a little |a lot |even )?further",
               r"less recent", r"from before (?:that|then|those)",
               r"(?:from )?further back", r"(?:from )?way back",
               r"from (?:way |much |a lot |a bit |even )?earlier",
               r"(?:came|come|comes) out (?:way |much |a lot |a bit |a little |even )?"
               r"(?:earlier|before)",
               r"(?:made|released) (?:way |much |a lot |a bit |a little |even )?earlier"))
NEWER = words((r"newer(?: ones?| films?| movies?| stuff| titles?)?", r"more recent(?: ones?)?",
               r"(?:anything|something|any|some) fresher",
               r"later ones?", r"from after (?:that|then|those)",
               r"(?:came|come|comes) out (?:more recently|later)",
               r"(?:made|released) (?:more recently|later)", r"more recently",
               r"more (?:modern|up[- ]to[- ]date|current)", r"less (?:old|dated)",
               r"(?:isn'?t|isnt|not|aren'?t|arent) (?:so )?(?:ancient|old|dated|prehistoric)",
               # "too old", "these are a bit dated"
               r"(?:too|a bit|bit|kinda|so|pretty|really) (?:old|dated|old[- ]fashioned)",
               # "these r giving boomer energy, anything that came out in my lifetime"
               r"(?:came|come|comes|made|released) out in my lifetime",
               r"(?:made|released) in my lifetime", r"boomer (?:energy|vibes?|stuff)"))
BETTER_RATED = words((r"better[- ]rated(?: ones?)?", r"higher[- ]rated(?: ones?)?",
                      r"better reviewed", r"with (?:better|higher) (?:ratings|reviews|scores)",
                      r"(?:better|higher) (?:ratings|reviews|scores)", r"rated higher",
                      r"rated better",
                      r"(?:with )?more stars", r"more (?:⭐|★)+",
                      r"(?:more|better) (?:highly|well) rated",
                      r"scores? (?:higher|better)", r"(?:higher|better) (?:\w+ )?scor\w+",
                      r"(?:folks|people) are happier with",
                      r"(?:reviews?|ratings?) (?:on (?:these|them|those) )?(?:look|are|seem|r) "
                      r"(?:pretty |really |a bit |so |kinda )?(?:poor|bad|low|meh|mixed)",
                      r"ones? people (?:actually |really )?(?:like|love|rate)",
                      r"(?:the )?ratings (?:on these |on them )?(?:are|r)(?:n'?t| not) "
                      r"(?:great|good|high)"))
# A number said of the picks shown, not asked for: "these have like 3 stars only", "2.5
# stars avg on these", "these feel so 2000s" (but "they have to be under 300" asks)
OF_THE_LIST = re.compile(
    r"\b(?:(?:these|those|they|them|this lot|all of (?:these|them))\s+(?:all\s+)?"
    r"(?:have|got|has|are|r|feel|felt|seem|look|looks|sound|were|is)|they'?re|these'?re)\b"
    r"(?!\s+(?:to|got to)\b)"
    r"(?:[^,.!?;]|\.(?=\d))*?\d(?:[^,.!?;]|\.(?=\d))*"  # (a dot in a number: "3.5 stars")
    r"|\d(?:\.\d)?\s*(?:stars?|⭐+)(?:\s+(?:avg|average|rating|on average))?\s+(?:on|for)\s+"
    r"(?:these|them|those|this lot|all of them)\b", re.IGNORECASE)
# Said with a rating of the picks shown, it asks for better: "these have 3 stars only"
POOR_RATING = words((r"only", r"just", r"nope", r"meh", r"low", r"poor", r"bad", r"\?\?+",
                     r"ugh", r"lol", r"nah", r"rubbish", r"crap", r"trash", r"awful",
                     r"terrible", r"mid"))
# Fewer people have rated (bought, watched) them than the picks shown: "less popular ones",
# "hidden gems", "these are too mainstream"; or more: "more popular ones"
_ONES = r"(?: ones?| films?| movies?| stuff| picks?| titles?| products?| brands?)?"
LESS_POPULAR = words((r"less (?:popular|famous|well[- ]known|mainstream|known|obvious)" + _ONES,
                      r"lesser[- ]known" + _ONES, r"hidden gems?", r"under (?:the )?radar",
                      # ("the other guys is so underrated": said of a film)
                      r"(?:any|some|more) underrated" + _ONES,
                      r"underrated (?:ones?|films?|movies?|stuff|picks?|titles?)",
                      r"(?:more )?obscure" + _ONES, r"deep cuts?",
                      r"not (?:so|as|that|too) (?:popular|famous|mainstream|well[- ]known|"
                      r"obvious)", r"(?:too|so|really|pretty|a bit) (?:mainstream|obvious)",
                      r"off the beaten (?:path|track)",
                      r"(?:fewer|not many|few) people (?:have )?(?:heard of|seen|know)",
                      r"(?:everyone|everybody) has "
                      r"(?:seen|watched|heard of) (?:these|those|them)"))
MORE_POPULAR = words((r"more (?:popular|famous|well[- ]known|mainstream)" + _ONES,
                      r"better[- ]known" + _ONES, r"(?:too|so|really|pretty|a bit) obscure",
                      r"(?:ones?|stuff|films?|movies?) (?:people|everyone) (?:has|have) heard of"))
LONGER = words((r"longer (?:one|ones|movie|movies|film|films|book|books)",))
SHORTER = words((r"shorter (?:one|ones|movie|movies|film|films|book|books)",))

# -- substitution ----------------------------------------------------------------------------

STATUS = r"(?:out of stock|sold out|unavailable|not available|not in stock|gone|finished)"
OUT_OF_STOCK = re.compile(rf"\b{STATUS}\b|\bran out\b|\brun out\b", re.IGNORECASE)
NAMED_BEFORE = re.compile(  # "the face wash is out of stock"
    rf"^(?:(?:oh|hmm|so|hi|hey|well|but)[,!]?\s+)*(?P<product>.+?)(?:\s+(?:is|are|was|were|seems|"
    rf"seem)|'s)\s+(?:(?:currently|now|all|still|already)\s+)?{STATUS}\b", re.IGNORECASE)
NAMED_AFTER = re.compile(  # "what can I get instead of the face wash"
    r"\b(?:instead of|substitutes? for|substitution for|replacements? for|alternatives? (?:to|for)"
    # ("rated 4 out of 5": a score, nothing run out of)
    r"|in place of|replace|swap(?: out)?|out of(?!\s+\d)|run out of|ran out of|no more)\s+"
    r"(?P<product>.+?)(?=[,.;!?]|\s+(?:what|which|is|are|please)\b|$)",
    re.IGNORECASE)
INSTEAD = words((r"instead", r"substitutes?", r"substitution", r"replacements?", r"alternatives?",
                 r"swap", r"in place of"))
PROPOSED = re.compile(r"\b(?:what about|how about|would|could i (?:get|have)|can i (?:get|have)"
                      r")\s+(?P<product>.+?)(?:\s+(?:instead|work|do))?\s*\??$", re.IGNORECASE)
POINTS_AT_IT = words((r"it", r"its", r"it's", r"that", r"this"))  # ("if its out of stock")
SAME_BRAND = words((r"same brand", r"that brand", r"this brand", r"same make"))
ANY_BRAND = words((r"any brand", r"other brands?", r"another brand", r"different brands?",
                   r"brand doesn'?t matter",
                   r"(?:not|don'?t want|doesn'?t have to be|no need for) (?:the |a )?same brand"))
# The person the conversation is about, as a pronoun: "any comedies with her" after Meryl
# Streep's films, "other movies by him" after "who directed jaws"
THAT_PERSON = words((r"(?<!watch )(?<!watching )(?:with|starring|by|featuring|ft\.?) (?:her|him)",
                     r"(?:his|her) (?:other |older |newer |best |early |later )?(?:films?|movies?|"
                     r"stuff|work|ones)",
                     r"(?:he'?s|she'?s|he is|she is|he was|she was|he's been|she's been) in",
                     r"(?:he|she) (?:directed|made|did|starred in|acted in|played in)",
                     r"(?:is|was|has) (?:he|she) (?:been )?in",
                     # ("with that guy from the big lebowski": someone of that film)
                     r"(?:by|with|from|starring) (?:that|the same) (?:guy|girl|man|woman|bloke|"
                     r"actor|actress|director|person|one)(?!\s+(?:(?:who|that)\s+\w+\s+)?"
                     r"(?:from|in|of)\b)"))
# Someone of a film named right after: "that guy from the big lebowski", "the director
# of jaws", "the lead in heat" (what comes before the title)
PERSON_OF_A_FILM = (r"\b(?:that|the|this)\s+(?:(?P<maker>director|filmmaker)|(?P<lead>lead|"
                    r"main (?:guy|girl|actor|actress|character)|star)|guy|girl|man|woman|bloke|"
                    r"dude|lady|actor|actress|kid|boy)\s+(?:(?:who|that)\s+(?:was|were|is|"
                    r"played|starred|acted)\s+)?(?:from|in|of)\s+")
PERSON_OF = re.compile(rf"{PERSON_OF_A_FILM}$", re.IGNORECASE)
# A bigger or smaller pack of what is shown: "bigger pack", "a smaller bottle", "family pack"
_PACK = (r"(?:packs?|packets?|bottles?|sizes?|ones?|jars?|box(?:es)?|tins?|bags?|pouch(?:es)?|"
         r"tubes?|quantity)")
BIGGER_PACK = words((rf"(?:bigger|larger|biggest|largest|jumbo|family|bada|badi|bade) {_PACK}",
                     r"(?:in )?a (?:bigger|larger) (?:one|size|pack|bottle)", r"more quantity",
                     rf"big(?:ger)? size {_PACK}?"))
SMALLER_PACK = words((rf"(?:smaller|smallest|mini|chhota|chhoti|chhote|chota|choti) {_PACK}",
                      r"(?:in )?a smaller (?:one|size|pack|bottle)", r"less quantity",
                      rf"small(?:er)? size {_PACK}?"))
# Brands other than those shown: "any other brand?", "not that brand", "a different brand"
OTHER_BRAND = words((r"other brands?", r"another brand", r"different brands?",
                     r"(?:koi )?(?:aur|dusra|doosra|dusre|doosre) (?:koi )?brand",
                     r"(?:not|no|don'?t want|other than) (?:that|this|these|those|the same) "
                     r"brands?"))
ANY_PRICE = words((r"any price", r"price doesn'?t matter",
                   r"(?:more expensive|pricier) is (?:fine|ok|okay)",
                   r"don'?t mind (?:the price|paying more)"))
# The budget said before no longer holds: "forget the budget", "money's no object"
NO_BUDGET = words((r"(?:forget|drop|ignore|remove|scrap|lose|never ?mind|nvm|skip|chuck|ditch)"
                   r" (?:about )?(?:the |my |that |a )?(?:budget|price (?:limit|cap)|max price|"
                   r"spending limit)", r"no (?:budget|price limit|spending limit)",
                   r"(?:budget|price|cost) (?:doesn'?t|does not|dont) matter",
                   r"(?:budget|price|cost) (?:is )?no (?:issue|problem|bar|object)",
                   r"money(?:'s| is)? no (?:object|issue|problem)", r"any budget",
                   r"(?:don'?t|dont|do not) care (?:about|what) (?:the )?(?:price|cost|budget)"
                   r"(?: is)?", r"whatever (?:the |it )?costs?"))
WIDER = words((r"widen", r"relax", r"wider", r"look wider", r"broader"))
SWAP_WISHES = re.compile("|".join(p.pattern for p in (ANY_BRAND, SAME_BRAND, CHEAPER, ANY_PRICE,
                                                      WIDER)), re.IGNORECASE)
NOT_A_PRODUCT = ("stock", "it", "that", "this", "them", "those", "instead", "something")

# -- words that carry no wish ------------------------------------------------------------------

DETERMINERS = ("the", "my", "your", "a", "an", "some", "this", "that")
# The edges of a product's name as people type it: "the face wash please".
PRODUCT_EDGES = re.compile(rf"^(?:{'|'.join(DETERMINERS)})\s+|\s+(?:please|pls|anymore|today|"
                           r"now|again|here)$", re.IGNORECASE)
FILLER = words(sorted((  # longest first: "i'd like" goes whole, not "i" and then "'d like"
    *DETERMINERS, r"please", r"can you", r"could you", r"recommend", r"suggest", r"show me",
    r"give me", r"find me", r"i want", r"i'd like", r"i would like", r"looking for",
    r"i'm looking for", r"me", r"something", r"anything", r"thanks", r"thank you", r"explain",
    r"what about", r"how about", r"instead", r"incl", r"including",
    r"describe",
    r"make it", r"put it", r"say it", r"it", r"again", r"and", r"or", r"but", r"i", r"will",
    r"he", r"she", r"they", r"him",
    r"would", r"version", r"way", r"words",
    # said around a wish for another presentation: "whoa thats a lot, can u just ...",
    # "plot, cast, the works"
    r"whoa", r"woah", r"wow", r"thats", r"that", r"u", r"ur", r"gimme", r"use", r"needed",
    r"honestly", r"actually", r"anyway", r"kinda", r"sorta", r"plot", r"cast", r"each",
    r"about", r"kind", r"sort", r"type", r"variety",
    r"each one"),
    key=len, reverse=True))
# Words that ask for nothing in particular ("surprise me", "hi there, I'm bored, any ideas?"):
# they are left out of the search text, and a message of nothing else is vague.
CHITCHAT_WORDS = (
    "of all time", "ever made",  # before "of", "all": the phrase goes whole
    "for years", "for ages",  # "i studied cinema for years": before "for"
    # "top 3 movies for a rainy day": how many, not which (a list is always a few picks)
    "top 3", "top 5", "top 10", "top three", "top five", "top ten",
    "surprise", "whatever", "good", "nice", "cool", "stuff", "thing", "things", "watch",
    "obviously",
    "watching", "see", "idea", "ideas", "help", "recommendation", "recommendations",
    "suggestion", "suggestions", "else", "random", "tonight", "today", "maybe", "just",
    "only",  # "only the 90s ones": those of the list asked for, not "Only You"
    "option", "options", "choice", "choices", "brand", "brands",  # "any cheaper option"
    "aur", "koi", "dikhao", "dikha", "batao",  # "aur koi brand dikhao"
    "okay", "ok", "sure", "hi", "hello", "hey", "there", "say", "i'm", "im", "i've", "i'd",
    "let's", "bored", "boring", "tired", "what", "should", "need", "want", "feel", "feeling",
    "like", "mood", "any", "anybody", "can", "could", "would", "will", "you", "your", "got",
    "have", "do", "does", "is", "are", "for", "to", "of", "in", "on", "with", "now", "then",
    "so", "really", "lol", "hmm", "hmmm", "um", "umm", "yeah", "yes", "well", "oh", "tell",
    "know", "let", "us", "we", "our", "something", "anything", "some", "one", "ones", "movie",
    "movies", "film", "films", "product", "products", "item", "items", "print", "reveal",
    "share", "display", "list", "ignore", "everything", "all", "including", "these", "those",
    "them", "another", "others", "other", "by",
    # who is talking and what they have done: "they've seen all of those", "my son has"
    "they've", "they're", "theyve", "we've", "we're", "weve", "you've", "he's", "she's",
    "it's", "has", "had", "been", "was", "were", "already", "also", "too", "be", "here",
    "into", "bit", "slightly", "somewhat",  # "a bit darker": darker
    "please", "pls", "plz", "thanks", "thank", "thx", "cheers",
    # chat shorthand: "these r all", "tbh", "ngl"
    "r", "u", "ur", "ya", "tbh", "ngl", "imo", "idk", "omg", "btw", "rn", "ooh", "ah", "aw",
    "w", "tho", "cant", "can't", "decide", "hiya", "whats", "what's",
    "yay", "nah", "yep", "yup", "ugh", "eh",
    # how to tell, not what to find: "walk me through the top pick properly"
    "properly", "briefly", "fully",
    # Hindi chat: "these are a bit pricey yaar, kuch sasta?"
    "yaar", "kuch", "koi", "hai", "kya", "bhai", "bhaiya", "arrey", "arre", "ji", "bas",
    # "merci but thats an essay, just title n year is plenty"
    "plenty", "merci", "gracias", "ty", "tysm",
    # Hindi asking words: "bas naam aur daam batao", "ek accha sa cooker dikhao"
    "mujhe", "humein", "batao", "bataiye", "bata", "dikhao", "dikhaiye", "dikha", "chahiye",
    "dena", "dedo", "wala", "wali", "wale", "accha", "achha", "acchi", "achhi", "sa", "si",
    "ek", "bhi", "toh", "sab", "mein",
    # "thoda sasta dikhao", "refill chahiye uska", "aashirvaad ka hai kya"
    "thoda", "thodi", "zara", "uska", "uski", "iska", "iski", "ka", "ki", "ke", "hain",
    "tried",  # "tried the first one, never buying that again"
    "nahi", "nahin", "ye", "yeh", "woh",  # "ye wala nahi chahiye": this one, not wanted
    "than",  # "anything older than that"
)
# Someone's age as a yardstick, not a wish: "these r older than my 19 year old brother"
THAN_SOMEONE = re.compile(r"\b(?:older|younger|newer) than (?:my|our|his|her|me|us|you|u|i)\b"
                          r"(?:\s+(?:\d{1,2}[\s-]*(?:years?|yrs?|y)[\s-]*old|[a-z'-]+)){0,3}",
                          re.IGNORECASE)
CHITCHAT = words(map(re.escape, CHITCHAT_WORDS))

# Requests about recbot itself or other people: never answered, whatever the wording.
META = words((
    r"system prompt", r"(?:your|the) (?:instructions|rules|prompt|configuration|config)",
    r"(?:admin|developer|debug|god) mode", r"jailbreak",
    r"(?:other|another) (?:users?|person|people|customers?|shoppers?)(?:'s|s')?",
    r"(?:user|session|customer) (?:[\w']+ )?(?:profile|data|history|liked|likes)",
    r"everyone(?:'s| else's) (?:profile|data|history|likes)"))

# The person asks what recbot holds of them: "what do you know about me", "what did i say i
# didnt like?", "remind me what i liked"
ABOUT_ME = re.compile(r"^\W*(?:(?:ok(?:ay)?|so|and|hey|wait|hmm+)\W+)*(?:what do (?:you|u) know "
                      r"about me|what (?:did|have) i (?:say|said|tell|told) (?:you )?(?:i )?"
                      r"(?:like|liked|love|loved|didn'?t like|dislike|disliked|hate|hated|"
                      r"don'?t like|have seen|saw|watched)?|(?:remind me )?what (?:have )?i "
                      r"(?:liked|disliked|rated|told you)|what(?:'s| is) (?:in )?my (?:profile|"
                      r"history|likes))\b", re.IGNORECASE)
# Asking whether something shown or named suits someone: "is it ok for a 12 year old?",
# "the first one, is it suitable for my 6yo", "can my 8 year old watch toy story"
ASKS_IF_FIT = re.compile(r"\b(?:ok(?:ay)?|alright|suitable|appropriate|fine|good|safe|right)\s+"
                         r"for\b|\bcan (?:my|a|an|the|our) [\w' -]+ watch\b|"
                         # ("not alien either, too scary for my wife" says why, asks nothing)
                         r"\b(?:is|was|would|will|be|isn'?t)\b[^,.;!?]*\btoo (?:scary|violent|"
                         r"mature|dark|grown[- ]up) for\b", re.IGNORECASE)

# A message that only thanks or says goodbye: "thanks, that's all", "ok cool, bye"
_THANKS = (r"(?:thanks?(?: you| u)?|thank u|thanku|thnx|thx|ty|ta|tysm|cheers|many thanks|"
           r"shukriya|dhanyavaad)(?: (?:so|very) much| a lot| a ton)?(?: (?:dear|mate|bro|buddy|"
           r"man|again|bhai|yaar|ji|boss|bhaiya|didi))?")
_DONE = (r"(?:(?:that'?s|thats|that is) (?:all|it|everything)(?: i (?:need|needed|wanted))?"
         r"(?: for (?:now|today))?|(?:good)?bye|(?:good ?)?night|nite|gn|take care|cya|ttyl|"
         r"later|see (?:you|ya)(?: later)?|i'?m done|im done|that'?ll do|that will do|"
         r"all (?:good|done|set)|nothing else|"
         r"(?:i'?m|im|we'?re|were) (?:good|fine|sorted|all set))")
# A message that ends with thanks or goodbye: "we'll go with the third, thanks!"
THANKS_AT_THE_END = re.compile(rf"[\s,.!;]+(?:{_THANKS}|{_DONE})\W*$", re.IGNORECASE)
# ("no thats all" closes; "no thanks" turns an offer down)
CLOSING = re.compile(rf"^\W*(?:(?:ok(?:ay)?|k|kk|great|perfect|cool|awesome|lovely|nice|"
                     rf"brilliant|super|aight|bet|sweet|(?:we'?ll|i'?ll) (?:watch|get|try) "
                     rf"(?:that|it|this)(?: one)?)\W+)*(?:(?:no|nope|nah)\W+(?={_DONE}))?"
                     rf"(?:{_THANKS}|{_DONE})(?:\W+(?:{_THANKS}|{_DONE}))*\W*$",
                     re.IGNORECASE)
# Words around a brand named alone: "aashirvaad one?", "fortune wala", "vim ka hai?"
BRAND_CHAT = frozenset(("one", "ones", "brand", "wala", "wali", "ka", "ki", "ke", "hai", "kya",
                        "from", "by", "only", "any", "have", "got", "the", "a", "an", "some",
                        "do", "you", "u", "sell", "stock", "please", "pls", "what", "about",
                        "how", "instead", "then", "ok", "okay", "and"))
# Asks why a pick was chosen: "why the third one?", "how come you picked heat", "why
# number 2 tho" (not "why not something funnier": a wish); `rest` names the pick
WHY_CHOSEN = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|but|and|hm+|wait|hey|just curious|out of curiosity|sorry)"
    r"[,.!]*\s+)*(?:why|how come|what made (?:you|u))(?:'?d|\s+(?:did|do|would|have|are)"
    r")?(?:\s+(?:you|u))?(?:\s+(?:pick(?:ed)?|choose|chose|chosen|suggest(?:ed)?|"
    r"recommend(?:ed)?|include[ds]?|put|show(?:ed|n)?|add(?:ed)?|go(?:ne)? (?:with|for)|"
    r"went (?:with|for)|picking|suggesting|recommending))?\b(?!\s+not\b)\s*(?P<rest>.*)$",
    re.IGNORECASE)
# A refusal said after the thing, as in Hindi: "surf excel nahi", "coke nahi chahiye", "vim ke
# alawa" (other than Vim), up to three words of it (not "pasand nahi": didn't like)
_NOT_SAID_OF = (r"hai|hain|tha|thi|the|pasand|aaya|aayi|aya|ayi|mila|mili|dekha|dekhi|chahiye|"
                r"acha|accha|achha|achchha|theek|thik|sahi|zyada|jyada|bura|koi|kuch|abhi|ye|"
                r"yeh|woh|wo|is|us|hum|main|mai|mujhe|ki|ka|ke|to|bhi|aur|or|ho|hoga|wala|"
                r"wali|wale|one|ones|it|that|this")
NEGATED_AFTER = re.compile(
    rf"(?<![\w'-])(?P<thing>(?:[a-z][\w&'-]*\s+){{0,2}}(?!(?:{_NOT_SAID_OF})\b)[a-z][\w&'-]*)\s+"
    r"(?:nahi|nahin|nai|nhi|mat|ke\s+(?:alawa|alava|alaawa|elawa|siwa|siva|sivaay|sivay|bina)|"
    r"chhod\s*ke|chod\s*ke)\b(?:\s+chahiye|\s+chaiye|\s+chahie)?", re.IGNORECASE)
# A suggestion put as a question: "why not something funnier?" (no refusal)
WHY_NOT = re.compile(r"^\W*(?:(?:so|but|and|hm+|ok(?:ay)?)[,.!]*\s+)*why not\s+",
                     re.IGNORECASE)
# What is left of a "why" besides the pick: "why is the third one on the list", "... tho"
WHY_FILLER = re.compile(r"^(?:is|was|are|were|that|this)\s+|\s+(?:(?:on|in) (?:the|this|"
                        r"that|my|your) list|in there|there|here|for me|tho(?:ugh)?|exactly|"
                        r"again)\b", re.IGNORECASE)
