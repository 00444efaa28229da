"""Titles named where titles go in a sentence, whether the catalog has them or not.

    "i loved zorblax returns"            after a verb of liking or watching
    "top gun maverick was awesome"       the subject of a verdict
    "dune part two vibes", "licorice pizza type of movie", "X, anything similar?"
    "loved inception"                    Inception (2010), one word in lower case
    "loved kung fu panda 4"              a sequel the catalog does not have
    "paw patrol the movie for my son"    a name ending "the movie" (a title's own form)

A span in such a place is a title unless it says nothing in particular ("it", "the
ending", "action movies"), names a value of the catalog (a genre) or a person; after a
verb ("my kid loves dinosaurs") it must also look like a title: written in Title
Case, quoted, or with a word that is no everyday word of the catalog's text. It is
the catalog's title when it is that title as a whole, in lower case too (the place
says a title is meant); a span that only holds one ("top gun maverick", "kung fu
panda 4") is a title the catalog does not have.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from bot.common_words import common_words_only, zipf
from bot.names import PeopleIndex
from bot.phrases import CHITCHAT_WORDS, PERSON_OF_A_FILM
from bot.titles import TitleIndex, TitleMatch, normalise

OBJECT = re.compile(
    # ("i'd love a korean revenge film" is a wish, not a film loved)
    r"(?<!'d )(?<!’d )(?<!\bid )(?<!would )(?<!wud )"
    r"\b(?:loves?|loved|liked|likes|(?:i|we) like|enjoyed|adored|adores?|heard of|heard about|"
    r"(?:a )?(?:big |huge )?fan of|you got|you have|obsessed (?:with|w)|hooked on|"
    # ... or did not: "hated titanic"
    r"hated?|hates|disliked?|dislikes|(?:can'?t|cannot|couldn'?t) stand|"
    r"didn'?t (?:really |much |actually |even )?(?:like|enjoy|love|get)|"
    r"don'?t (?:really |much )?like|not (?:a )?(?:big )?fan of)\s+"
    # (up to a "but": "loved die hard but hated titanic" is two verdicts)
    r"(?P<span>(?:(?!\bbut\s)[^,.;!?])+)", re.IGNORECASE)
# What someone watched is a film, whatever its words ("just saw marriage story").
WATCHED = re.compile(
    r"\b(?:watched|saw|seen|(?:just )?finished|rewatched|re-watched|binged|caught|"
    r"(?:took|taking|take)\s+(?:\S+\s+){0,2}?to(?:\s+see)?|went to see)\s+"
    r"(?P<span>[^,.;!?]+)", re.IGNORECASE)
LIKENESS = re.compile(r"\b(?:more like|(?:something|anything|movies?|films?|stuff|ones?) like|"
                      r"similar to)\s+(?P<span>[^,.;!?]+)", re.IGNORECASE)
VERDICT = (r"(?:so |really |pretty |just |the )?(?:awesome|great|fun|cute|good|amazing|brilliant|"
           r"best|weird|beautiful|fav\w*|favou?rite|hilarious|perfect|epic|incredible|fantastic|"
           r"excellent|lovely|sweet|wonderful|the best|my fav\w*|my favou?rite|sick|fire|lit|"
           r"dope|insane|unreal|goated|peak|a masterpiece|a banger|a vibe|so good|mind-?blowing|"
           r"creepy|funny|scary|sad|intense|dark|tense|moving|gripping|clever|smart|emotional|"
           r"wholesome|touching|heartwarming|hilarious|meh|class|mid|overrated|underrated|"
           r"a mess|peak|(?:way |much |so )?better|(?:way |much |so )?worse|the worst|"
           r"decent|alright|solid|superb|boring|dull|rubbish|trash|terrible|awful|a letdown|"
           r"(?:also|too) \w+|"
           # "so moody", "kinda meh", "honestly the best": any word after an intensifier
           r"(?:so|really|pretty|very|kinda|kind of|super|honestly|absolutely|quite|basically|"
           r"literally|lowkey|actually|still) (?:the )?[\w'-]+|"
           r"(?:(?:my|his|her|our|their) )?(?:\w+'?s )?(?:new |all[- ]time |absolute |ultimate )?"
           r"(?:fav\w*|favou?rite)|a new fav\w*)")
# Where a clause opens: "..., X", "but X", "then X".
CLAUSE_START = r"(?:^|(?<=[,.;!?])|(?<=\bbut )|(?<=\bthen ))\s*"
# A clause's opening and the words up to the verdict on them.
CLAUSE_SUBJECT = rf"{CLAUSE_START}(?P<span>[^,.;!?]+?)\s+"
# The subject of a verdict, at the start of the message or of one of its clauses.
SUBJECT = re.compile(rf"{CLAUSE_SUBJECT}(?:(?:was|is|were|are|'s|r)\s+"
                     rf"{VERDICT}|(?:(?:absolutely|totally|completely|really|literally|just|"
                     r"both|all|honestly|so|properly|actually|genuinely|lowkey)\s+)?"
                     r"(?:made me|broke my|had me|blew my|gave me|ruined me|freaked me out|"
                     r"messed me up|wrecked me|destroyed me|haunted me|scared me|creeped me out|"
                     r"traumati[sz]ed me|got me|killed me|slaps?|slapped|rocks?|rocked|bangs?|"
                     r"hits? different)|(?:sounds|looks|seems)\s+(?:really |so |pretty )?"
                     r"(?:interesting|good|great|fun|cool|amazing|awesome|decent))\b",
                     re.IGNORECASE)
# ... and loosely, a verdict in any words: "X is still the most beautiful ...", "X had me
# second guessing", "X blew me away" (the span must look like a title)
SAID_OF = re.compile(rf"{CLAUSE_SUBJECT}(?:(?:is|was|were|are|'s|r)\s+(?:(?:still|honestly|"
                     r"literally|just|so|such|really|easily|hands down|by far)\s+)?"
                     r"(?:(?:the|a|an|my|our|his|her|their|pure|total|such|so|proper|"
                     r"an absolute|absolutely|completely)\s+)?"
                     r"(?!(?:a|an|the|it|that|this|there|here|for|about|on|in|at|to|not|no|"
                     r"coming|going|getting|looking|asleep|away|out|off|over|back|home|[0-9]+)\b)"
                     r"\w+"
                     r"|(?:(?:still|kinda|honestly|literally|totally|completely|properly|"
                     r"actually|just)\s+)?(?:\w+ed|\w+s|had|made|got|blew|broke|kept|left|"
                     r"lost)\s+(?:me|us)\b|(?:really |kinda |so |just )?(?:dragged|flopped|"
                     r"sucked|bombed)\b|not so much\b|(?:is|are|was|were) on (?:repeat|loop)\b)",
                     re.IGNORECASE)
BEFORE_A_KIND = re.compile(r"^(?:(?:something|anything|more)\s+like\s+)?(?P<span>[^,.;!?]+?)\s+"
                           r"(?:vibes|type(?: of)?|kind of|sort of|style|-style|esque)\b",
                           re.IGNORECASE)
# (not a sentence of someone's own: "i hate musicals but my gf loves them, anything ...")
# (nor a refusal: "dont like romance, something funny"; nor a question: "what about for
# teenagers, any war films")
BEFORE_A_QUESTION = re.compile(r"^(?!\W*(?:i|i'm|im|we|we're|my|he|she|they|you|don'?t|do not|not|"
                               r"no|never|nothing|what|which|how|who|why|where|when)\s)"
                               r"(?P<span>[^,.;!?]+?),\s*(?:anything|something|any|more|"
                               r"anyone|similar)\b", re.IGNORECASE)
# "X the movie" is how films made of a show or a toy are named; the whole span is one.
THE_MOVIE = re.compile(r"^(?:(?:something|anything)\s+like\s+)?"
                       r"(?P<span>[^,.;!?]+?\s+the\s+movie)\b", re.IGNORECASE)
# "whats that one called... the marmalade conspiracy?", "is the wild robot on here?"
ASKED_BY_NAME = re.compile(r"\b(?:called|titled|named)\s*(?:\.{2,}|…|:|-)?\s*(?P<span>[^,.;!?…]+)"
                           r"|(?:^|(?<=[,.;!?] )|(?<=[,.;!?]))\s*(?:is|are|do (?:you|u) have|"
                           r"have (?:you|u) got|(?:you|u) got)\s+(?P<span2>[^,.;!?]+?)"
                           r"\s+(?:on here|available|in (?:the|your) (?:catalog(?:ue)?|library)|"
                           r"on (?:the|this|your) (?:app|site|list))\b", re.IGNORECASE)
# "have u got the lives of others?", "do you have jumanji the next level as well"
HAVE_YOU_GOT = re.compile(r"\b(?:do (?:you|u|ya) have|have (?:you|u|ya) got|(?:you|u) got)\s+"
                          r"(?P<span>[^,.;!?]+)", re.IGNORECASE)
# "ok what about the irishman": the whole message after it
WHAT_ABOUT = re.compile(r"^\W*(?:(?:ok(?:ay)?|so|and|hmm+|fine|right)\W+)*(?:what|how) about\s+"
                        r"(?P<span>[^,.;!?]+?)\s*[?!.]*$", re.IGNORECASE)
# A title in quotes: "the kids keep asking for 'biscuit the brave badger'"
QUOTED = re.compile(r"(?:^|(?<=\s))(?:[\"“](?P<span>[^\"“”]{3,80}?)[\"”]|"
                    r"['‘](?P<span2>[^'\"‘’“”]{3,80}?)['’])(?=\s|$|[,.;!?])")
# "the kid with chaplin, is it on here?"
ASKED_AFTER = re.compile(r"^(?P<span>[^,.;!?]+?),?\s+(?:is|are) (?:it|they|that|this) (?:on here|"
                         r"available|in (?:the|your) (?:catalog(?:ue)?|library)|there)\b",
                         re.IGNORECASE)
# "adam sandler was unreal in uncut gems"
PLAYED_IN = re.compile(rf"\b(?:was|is|were|are)\s+{VERDICT}\s+in\s+(?P<span>[^,.;!?]+)",
                       re.IGNORECASE)
# "tell me more about memento", "what's memento about", "explain the ending of interstellar"
ASKED_ABOUT = re.compile(r"\b(?:tell me (?:a (?:bit|little) |some(?:thing)? |way )?(?:more )?about|"
                         r"(?:the )?(?:ending|end|plot|twist|story) of)\s+"
                         r"(?P<span>[^,.;!?]+)|\bwhat(?:'?s| is)\s+(?P<span2>[^,.;!?]+?)\s+"
                         r"(?:actually |really |even |all )?about\b",
                         re.IGNORECASE)
# A fact asked of a film: "who directed inception", "what year was heat released"
ASKED_A_FACT = re.compile(r"\b(?:who(?:'?s| is)? (?:directed|made|wrote|in|starring)|whos in|"
                          r"who (?:stars|plays) in|(?:what|which) year (?:is|was|did)|"
                          r"when (?:was|did|is)|how (?:long|old) is|how much is)\s+"
                          r"(?P<span>[^,.;!?]+?)(?:\s+(?:from|released|made|come out|out))?"
                          r"\s*(?=[,.;!?]|$)", re.IGNORECASE)
# "is short circuit ok for a 10 year old", "is lucky number slevin any good?"
ASKED_IF_FIT = re.compile(rf"{CLAUSE_START}(?:(?:is|was)|(?:would|will)(?= .+? be ))\s+"
                          r"(?P<span>[^,.;!?]+?)\s+(?:be\s+)?"
                          r"(?:any good|ok(?:ay)?|alright|worth|suitable|appropriate|too (?:scary|"
                          r"violent|sad|long|old|much|dark|grown)|(?:fine|good|safe) for)\b",
                          re.IGNORECASE)
# "x-men first class or the last stand, which is better?": both are films
WHICH_IS_BETTER = r",?\s*(?:which|what)(?: one)?(?:'?s| is| was)\s+(?:the )?(?:better|best|worse|" \
    r"scarier|funnier)"
COMPARED_FIRST = re.compile(rf"^(?P<span>[^,.;!?]+?)\s+or\s+[^,.;!?]+?{WHICH_IS_BETTER}",
                            re.IGNORECASE)
COMPARED_SECOND = re.compile(rf"\bor\s+(?P<span>[^,.;!?]+?){WHICH_IS_BETTER}", re.IGNORECASE)
# "deadpool 2 > deadpool and wolverine", "empire strikes back >>> every other one"
GREATER_THAN = re.compile(rf"{CLAUSE_START}(?P<span>[^,.;!?<>]+?)\s*>+\s*"
                          r"(?!\s)(?!(?:every|all|any|most|other|the other|anything|everything)\b)"
                          r"(?P<span2>[^,.;!?<>]+)", re.IGNORECASE)
# "challengers, the tennis one w zendaya", "the mummy, the 1999 one": which film is meant
THE_ONE_THAT = re.compile(rf"{CLAUSE_START}(?:(?:ok(?:ay)?|so|well|lol)[,!.]?\s+)*"
                          r"(?P<span>[^,.;!?]+?),\s+the\s+(?:[\w'-]+\s+){1,2}?one\b",
                          re.IGNORECASE)
# "My favorite is Hero, what about you?"
FAVOURITE_IS = re.compile(r"\b(?:my|our|his|her|their) (?:all[- ]time |absolute |new )?"
                          r"(?:favou?rite|fav)(?: (?:movie|film|one))? (?:is|was|has to be|"
                          r"would be)\s+(?P<span>[^,.;!?]+)", re.IGNORECASE)
# Watched, in Hindi, after the film: "yaar kal gully boy dekhi", "maine 3 idiots dekha tha"
WATCHED_HINDI = re.compile(
    rf"{CLAUSE_START}(?:(?:yaar|yar|arre|arey|bhai|kal|aaj|abhi|raat|subah|shaam|maine|humne|"
    r"hamne|finally|"
    r"phir se|dobara)\s+)*(?P<span>[^,.;!?]+?)\s+(?:dekhi|dekha|dekhli|dekhe|dekh li|"
    r"dekh liya|dekh ke|dekh kar|dekhkar)\b", re.IGNORECASE)
# A title, then who is in it: "tar with cate blanchett, genuinely cant tell...", "big with
# tom hanks, the giant floor piano one" (kept only when a person follows "with")
TITLE_WITH = re.compile(rf"{CLAUSE_START}(?P<span>(?:[\w'’:-]+\s+){{0,4}}?[\w'’:-]+)\s+(?:with|"
                        r"starring|ft\.?)\s+(?P<who>[a-z][\w'.-]+\s+[a-z][\w'.-]+)",
                        re.IGNORECASE)
# What a sequel adds to a title: "stree" and "stree 2" are two films
SEQUEL = re.compile(r"\s+(?:\d{1,2}|[ivx]{1,4}|part \w+)", re.IGNORECASE)
# A sequel's number typed after a catalog title: "creed iii", "hocus pocus 2", "a quiet place
# part 2" (not "heat 2 times", "up 10 mins ago")
SEQUEL_AFTER = (r"\s+(?:(?:part|chapter|pt\.?|vol\.?)\s+(?:[2-9]|two|three|four|five|ii|iii|iv)"
                r"|[2-9]|1[0-9]|ii|iii|iv)\b(?!\s*(?:times|x|mins?|minutes|hours?|hrs?|days?|weeks?|"
                r"months?|years?|yrs?|yo|pm|am|stars?|%|episodes?|seasons?|of|out|l|litres?|"
                r"liters?|kgs?|g|gms?|grams?|ml|pcs|packs?)\b)")
# Asked after in Hindi: "stree 2 bhi hai kya yahan?", "oldboy milegi kya"
HAVE_YOU_GOT_HINDI = re.compile(rf"{CLAUSE_START}(?P<span>[^,.;!?]+?)\s+(?:bhi\s+)?(?:hai kya|"
                                r"milegi kya|milega kya|milegi|milega|hai na)\b", re.IGNORECASE)
# "the die hard series": the films of a title
SERIES = re.compile(r"\b(?:the\s+)?(?P<span>[^,.;!?]+?)\s+(?:series|franchise|trilogy|saga)\b",
                    re.IGNORECASE)
# "that guy from the big lebowski", "the director of jaws"
PERSON_FROM = re.compile(rf"{PERSON_OF_A_FILM}(?P<span>[^,.;!?]+)", re.IGNORECASE)
PLACES = (OBJECT, WATCHED, LIKENESS, SUBJECT, BEFORE_A_KIND, BEFORE_A_QUESTION, THE_MOVIE,
          ASKED_BY_NAME, PLAYED_IN, ASKED_ABOUT, HAVE_YOU_GOT, QUOTED, SAID_OF, ASKED_AFTER,
          ASKED_IF_FIT, COMPARED_FIRST, COMPARED_SECOND, GREATER_THAN, FAVOURITE_IS, SERIES,
          THE_ONE_THAT, WATCHED_HINDI, HAVE_YOU_GOT_HINDI, ASKED_A_FACT, PERSON_FROM, WHAT_ABOUT)
LOOSE_PLACES = (OBJECT, ASKED_ABOUT, HAVE_YOU_GOT, SAID_OF, QUOTED, SERIES, ASKED_A_FACT,
                PERSON_FROM)
# "nomadland and minari": two titles; "captain nebula and the sky pirates": one.
# (a texted "n" joins two even before "the": "nimona n the sea beast")
SEPARATOR = re.compile(r"\s+(?:(?:and|&|plus|as well as|then|and then)\s+(?!the\b)|n\s+)|\s*,\s*",
                       re.IGNORECASE)
TAIL = re.compile(r"\s+(?:(?:was|is|were|are|broke|made|had|blew|wrecked|messed|destroyed|"
                  r"haunted|scared|creeped|slaps?|slapped|absolutely|totally|completely|"
                  r"literally|properly|genuinely|honestly|gave|ruined|freaked|lowkey|highkey|"
                  r"ngl|fr|tbh|tho|though|yet|btw|already|obviously|obvs|obvi|ofc|"
                  r"innit|as well|"
                  # "jurasic park w my kid", "with the kids": who it was watched with
                  r"(?:w|with|wiv) (?:my|our)|(?:w|with|wiv) (?:the|his|her) (?:kids?|son|"
                  r"daughter|wife|husband|hubby|mum|mom|dad|family|mates?|friends?|gf|bf|"
                  r"partner|boys|girls|little ones?|lot)|"
                  r"again|too|like|then|instead|pls|please|plz)\b.*|"
                  r"and loved it|a lot|so much|(?:like |about |around |over )?\d+ times\b.*|"
                  r"after (?:everyone|everybody|all|years|months|weeks|ages|work|school|dinner|"
                  r"lunch|\w+ing)\b.*|"
                  r"on (?:a|the) (?:plane|flight|train|tv|telly)\b.*|(?<!at )once\b.*|twice\b.*|"
                  r"back to back\b.*|(?:on|or) here\b.*|or nah\b.*|"
                  r"(?:this|all) (?:christmas|year|week|summer|weekend)\b.*|"
                  r"(?:at|over|on|this) the weekend\b.*|at the (?:cinema|movies)\b.*|"
                  r"at \d{1,2}\s*(?:am|pm)\b.*|at (?:midnight|bedtime)\b.*|"
                  r"on (?:a )?(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b.*|"
                  r"(?:this|last|yesterday) (?:morning|afternoon|evening)\b.*|"
                  r"(?:so many|loads of|lots of|a million|hundreds of|a dozen|dozens of|"
                  r"a few|a couple of|a hundred|countless|umpteen) times\b.*|"
                  r"(?:in|at) (?:the )?(?:theatres?|theaters?|cinemas?|imax|multiplex)\b.*|"
                  r"on netflix\b.*|"
                  r"(?:(?:my \w+|he|she|they|we|i) )?(?:wants?|would like|needs?|keeps?) "
                  r"(?:to\b|asking|on)\b.*|"
                  r"very much|too|as well|(?:recently|yesterday|last (?:night|nite|week|weekend|"
                  r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|sat|sun|"
                  r"month|year|time)|the other (?:day|night))\b.*|"
                  r"again|please|(?:what|anything|something) else.*|"
                  r"any (?:ideas|suggestions).*|for the kids|"
                  r"(?:for|with)(?: (?:my|our|his|her|their|him|them|us|me)\b.*)?|"
                  r"with my \w+|but\b.*|"
                  r"and (?:now |then |so )?(?:they|we|he|she|i)?\s*(?:want|need|looking)\b.*|"
                  r"want\b.*|(?:the )?(?:best|most)|like (?:i'?m|im|i am|a|an|you)\b.*|"
                  # "the power of the dog and honestly...", "despicable me 3 to death"
                  r"(?:and|n|but|or|so)|to death\b.*|on (?:repeat|loop)\b.*)$",
                  re.IGNORECASE)
# (chat before a title: "lol the other guys is so underrated"; words that may open a title,
# "Yes Man", "So I Married an Axe Murderer", only with a comma after them)
CHAT_OPENING = (r"^(?:(?:lol|haha+|omg|tbh|ngl|ugh|ooh|hey|hi)[,!.]*\s+|(?:ok|okay|so|well|"
                r"honestly|wow|oh|yeah|yes|also|and|but)[,!.]+\s+)*")
# (after "called" or in quotes a title may open with such a verb: "love at the lighthouse")
CHAT_LEAD = re.compile(CHAT_OPENING, re.IGNORECASE)
LEAD = re.compile(CHAT_OPENING + r"(?:like,?\s+)?"
                  r"(?:(?:everyone|everybody|people|my \w+|he|she|they) "
                  r"(?:says?|said|reckons?|thinks?|keeps? saying)(?: that)?\s+)?"
                  # "still think casino is the better one"
                  r"(?:(?:i\s+)?(?:still\s+)?(?:think|reckon|feel like)\s+)?"
                  r"(?:(?:i|we|he|she|they|my \w+|the kids|the(?=\s+(?:loved?|liked|watched|"
                  r"saw|enjoyed)\b))\s+)?(?:(?:just|really|also)\s+)?"
                  r"(?:(?:loved?|liked|enjoyed|adored|watched|saw|seen|finished|rewatched|"
                  r"binged)\s+)?(?:(?:any|some)\s+)?", re.IGNORECASE)
# A part that opens like a sentence about the speaker is no title: "im an emotional wreck",
# nor one that says what someone is into: "obsessed with dinosaurs".
A_CLAUSE = re.compile(r"^(?:was|were|is|i'?m|im|i am|i was|i've|ive|i have|it'?s|its|that'?s|"
                      # a question: "which of his is the best"
                      r"(?:which|what|who|whose|how) (?:of|one|ones|is|are|was)\b|"
                      # "... and when did it come out"
                      r"(?:when|where|why|how) (?:did|does|do|is|was|are|were)\b|"
                      r"did (?:it|they|he|she|you|u)\b|"
                      r"thats|has|had|have|(?:now|then|so) (?:it'?s|its|i'?m|im|we|they|he|she)|"
                      # a trip: "off to denver on friday, any comedies for the plane"
                      r"(?:off|going|flying|heading|travell?ing|driving|moving) to|"
                      # "a bit of it at nursery": part of a film, not its name
                      r"(?:a bit|some|part|half|most|bits) of (?:it|them|that|this)|"
                      r"we'?re|he'?s|she'?s|they'?re|you'?re|youre|(?:obsessed|crazy|mad|nuts|"
                      r"hooked|fond|keen|scared|afraid|into(?! the\b)|big on|really into)"
                      r"(?:\s+(?:with|about|on|of))?|"
                      # a request's own opening: "looking for a nice scent, something floral"
                      r"(?:(?:i'?m|im|we'?re) )?(?:looking|searching|shopping|hunting) for|"
                      r"(?:i |we )?(?:need|want|would like)\b)\b", re.IGNORECASE)
# Said about a film next to its title: who is in it, which one is meant.
# (a year in brackets stays: "Heat (1986)" names that year's film)
ABOUT_THE_FILM = re.compile(r"\s*\((?!\s*\d{4}\s*\))[^)]*\)|\s+with\s+.*$|"
                            r"^(?:the )?(?:new|og|original|old|first)\s+(?=\w)",
                            re.IGNORECASE)
# "gal gadot's wonder woman", "'s wonder woman" (the name read already), "gosling in drive"
# ("in drive": the person named before it read already)
WHOSE = re.compile(r"^(?:(?P<whose>(?:[\w.-]+ ){0,2}?[\w.-]*)['’]s|"
                   r"(?:(?P<who>[\w.-]+(?: [\w.-]+)?) )?in)\s+(?=\w)", re.IGNORECASE)
# A span that opens with a pointer points at something said: "more like these pls"
# (typed in lower case: "watched It" names the film)
POINTER = re.compile(r"^(?:these|those|that|this|it|them|him|her|em|'em)\b(?!\s*['’]s\b)")
PLURAL_IN_USE = 3.0  # wordfreq's Zipf scale: "unicorns" 3.1, "dinosaurs" 3.7; names lower
# ... and a word before one this common makes the two a topic ("big explosions", "space
# aliens"), not a title ("palm springs": 4.2)
VERY_COMMON = 5.0
# What is left of "the second one sounds sick" once the pick pointed at is read: a verdict
SAID_OF_IT = re.compile(r"^(?:sounds?|looks?|seems?|was|is|were|are|looked|sounded)\s",
                        re.IGNORECASE)
# What is left of "michael caine being posh" once the person is read: what they do
SOMEONE_DOING = re.compile(r"^(?:being|doing|playing|acting|looking|getting|going|kicking|"
                           r"shooting|running|fighting)\b", re.IGNORECASE)
# ... and one that opens with a pick pointed at is said of that pick: "the second one
# sounds sick, more like that" (but "the last samurai, anything similar" is a film)
A_PICK = re.compile(r"^(?:the\s+|that\s+|ur\s+|your\s+)?(?:(?:first|second|third|fourth|fifth|"
                    r"last|final|top|1st|2nd|3rd|4th|5th)\s+(?:one|pick|film|movie|option|suggestion)"
                    r"|#\d|number\s+(?:\d|one|two|three|four|five))\b", re.IGNORECASE)
# Someone's, loosely placed, is a person: "but my bro was obsessed"
# "connery as his dad": someone in a part
IN_A_ROLE = re.compile(r"^[\w'-]+(?: [\w'-]+)? as (?:his|her|their|the|a|an)\b", re.IGNORECASE)
# "the wifi speed at my parents place": a place of someone's, no title
AT_SOMEONES = re.compile(r"\b(?:at|to|from|with) (?:my|our)\b", re.IGNORECASE)
HAVE_DONE = re.compile(r"\b(?:have|has|had|'ve|ve)\s+(?:watched|seen|saw|been|rewatched)\b",
                       re.IGNORECASE)
PEOPLE_WORDS = frozenset({"i", "ive", "i've", "im", "i'm", "me", "my", "she", "he", "they",
                          "we", "her", "his", "their", "our", "us", "you", "u"})
SOMEONES = re.compile(r"^(?:my|our|his|her|their|your|ur)\s", re.IGNORECASE)
# Words that say nothing in particular: a span of only these is no title.
PLAIN = {"it", "that", "this", "them", "one", "ones", "those", "these", "stuff", "things",
         "trailer", "trailers", "teaser", "ad", "ads", "poster", "preview", "clip", "clips",
         "thing", "the", "a", "an", "my", "your", "our", "his", "her", "their", "movie", "movies",
         "film", "films", "show", "shows", "series", "book", "books", "ending", "end", "story",
         "plot", "music", "soundtrack", "acting", "cast", "characters", "scenes", "scene",
         "all", "of", "both", "so", "very", "much", "really", "lot", "first", "second",
         "third", "last", "new", "old", "kind", "kinds", "type", "something",
         "anything", "everything", "more", "some", "any", "same", "way", "style", "part",
         "bit", "little", "too", "genre", "actors", "actor", "director", "again", "what",
         "else", "similar", "like", "here", "there", "you", "me", "us", "we", "i",
         "with", "or", "and", "starring", "best", "most", "into", "about", "from", "but", "not",
         # when: "he's seen all year"
         "year", "years", "day", "days", "week", "weeks", "month", "months",
         *CHITCHAT_WORDS}
# Words that name no film even when its cast is said ("movies with jennifer aniston")
GENERIC = {"movie", "movies", "film", "films", "something", "anything", "stuff", "one", "ones",
           "show", "shows", "series", "kind", "type", "more", "some", "any", "all", "the", "a",
           "an", "those", "these", "that", "this", "it", "them", "things", "thing", "flick",
           "flicks", "else"}
ANY_SEPARATOR = re.compile(r"\s+(?:and|n|&|plus|as well as)\s+|\s*,\s*", re.IGNORECASE)


class TitleSpans:
    """Finds titles in the places titles go, known to the catalog or not."""

    def __init__(self, titles: TitleIndex, says_something_known: Callable[[str], str],
                 everyday: frozenset[str] = frozenset(),
                 says_a_value: Callable[[str], str] | None = None,
                 people: PeopleIndex | None = None):
        """`says_something_known(span)`: the span without the catalog values and people it
        names; `says_a_value(span)`: without the values only; `everyday`: the everyday
        words of the catalog's text; `people`: the catalog's people."""
        self.titles = titles
        self.known_words = says_something_known
        self.value_words = says_a_value or says_something_known
        self.everyday = everyday
        self.people = people

    def read(self, text: str) -> tuple[list[TitleMatch], list[str]]:
        """The catalog's titles and the unknown ones named in title places, in order."""
        found: list[TitleMatch | str] = []
        for place in PLACES:
            for match in place.finditer(text):
                if place is HAVE_YOU_GOT_HINDI and _asks_in_general(match.group("span")):
                    continue  # "kya yahan koi achhi movie hai kya": any good film
                # one of two alternatives, or both sides of "x > y"
                for said in (match.group("span"), match.groupdict().get("span2")):
                    if said:
                        # (only a film the catalog has: "the guy from work" names none)
                        found += [f for f in self._in_place(place, said)
                                  if place is not PERSON_FROM or isinstance(f, TitleMatch)]
        quoted = [m.span() for m in QUOTED.finditer(text)]
        for match in TITLE_WITH.finditer(text):
            if any(start <= match.start("span") < end for start, end in quoted):
                continue  # "a film called 'saturdays with uncle bertie'": one title
            if self._a_person_named(match.group("who")) \
                    and self._only_a_name(match.group("span")):
                found += self._in_place(TITLE_WITH, f"{match.group('span')} with "
                                                    f"{match.group('who')}")
        known = [f for f in found if isinstance(f, TitleMatch)]
        # (a letter alone is no title: "loved E.T." stops the place at the "E")
        unknown = list(dict.fromkeys(f for f in found if isinstance(f, str)
                                     and len(re.sub(r"\W", "", f)) > 1))
        # ("love at the lighthouse bakery", and after "love" alone: "at the lighthouse ...")
        unknown = [u for u in unknown if not any(
            u != other and (other.endswith(u) or (other.startswith(f"{u} ")
                                                  and not SEQUEL.fullmatch(other[len(u):])))
            for other in unknown)]
        return _unique(known), unknown

    def _in_place(self, place: re.Pattern[str], said: str) -> list[TitleMatch | str]:
        """The titles, known or not, that `said` names in a title's `place`."""
        lead = CHAT_LEAD if place in (ASKED_BY_NAME, QUOTED) else LEAD
        led = lead.sub("", " ".join(said.split()))
        # a tail is no part of a title, unless the title has it ("anything for her")
        quoted = QUOTED.search(led)  # 'a lad says "the clockmaker's apprentice" is'
        if quoted and place is not QUOTED:
            led = quoted.group("span") or quoted.group("span2")
        if place in (LIKENESS, WATCHED) and POINTER.match(led) or A_PICK.match(led) \
                or SAID_OF_IT.match(led) and self.titles.exact(led) is None:
            return []  # "more like these pls", "saw it together": no title
        untailed = led if self.titles.exact(led) is not None else _without_tails(led)
        # (a title in quotes is whole: "a film called 'saturdays with uncle bertie'")
        span = untailed if quoted or place is QUOTED else self._trimmed(untailed)
        if span != untailed and SOMEONE_DOING.match(span):
            return []  # "micheal caine being posh and british, any?": the person, no title
        # "her with joaquin phoenix": said about, so a film, whatever its words
        described = span != untailed
        if place is THE_MOVIE and self._whole_title(span[:-len(" the movie")]):
            span = span[:-len(" the movie")]  # "frozen the movie": the catalog's Frozen
        parts = self._parts(span)
        # listed with a catalog title, a part is a title too ("loved la la land and sound
        # of metal")
        listed = len(parts) > 1 and any(self._whole_title(p) for p in parts)
        found: list[TitleMatch | str] = []
        for part in parts:
            # after a verb the span may be anything a person likes ("my kid loves
            # dinosaurs"): it must look like a title too
            for title in self._title(part, after_a_verb=place in LOOSE_PLACES and not listed,
                                     described=described):
                if isinstance(title, TitleMatch) and self._made_by_others(
                        title, untailed.replace(part, " ")):
                    found.append(part)  # "rob pattinson's the batman": not Batman (1989)
                else:
                    found.append(replace(title, said=title.said or part)
                                 if isinstance(title, TitleMatch) else title)
        return found

    def _made_by_others(self, title: TitleMatch, said: str) -> bool:
        """Whether the people `said` besides a title ("rob pattinson's" the batman) are
        none of the catalog's film of that name, which has people: another film of it."""
        if self.people is None or not (people := self.people.of_item.get(title.item_id)):
            return False
        named = {n.value for n in self.people.read(said)[0]}
        return bool(named) and not named & people

    def _trimmed(self, span: str) -> str:
        """A span without what is said about the film around its title: "heat with pacino",
        "us (the peele one)", "gal gadot's wonder woman", "zac efron in the iron claw", "the
        new wonka". A title the catalog has as a whole is kept as it is."""
        if self._whole_title(span) is not None:
            return span
        # "sandra bullock spinning off into space in gravity": someone doing something in
        # a catalog title
        head, found, film = span.rpartition(" in ")
        if found and self.titles.exact(film) is not None and head.strip() \
                and self.known_words(head) != head:
            return film
        trimmed = ABOUT_THE_FILM.sub(" ", span)
        said_by = WHOSE.match(trimmed)  # by a person ("the lantern keeper's daughter" stays)
        if said_by and said_by.group("whose") and _plain(trimmed[said_by.end():]):
            return said_by.group("whose")  # "se7en's ending": the film is se7en
        person = said_by and (said_by.group("whose") or said_by.group("who"))
        if said_by and (not person or not self.known_words(person).strip()
                        or self._a_name(person)):
            trimmed = trimmed[said_by.end():]  # "gosling in drive" (a person in it)
        trimmed = " ".join(trimmed.split())
        # "spielbergs the fablemans", "the greta gerwig little women": whose film it is
        said = re.sub(r"^the\s+", "", trimmed)
        without = " ".join(self.known_words(said).split())  # (people, and values)
        person = said[:-len(without)].split() if without and said.endswith(without) else []
        if person and (len(person) >= 2 or self.titles.exact(without) is not None) \
                and " ".join(self.value_words(said).split()) == said:
            trimmed = without
        elif (said_of := re.match(r"^(\w+)s\s+(the\s+.+)$", trimmed)) \
                and self._a_person(said_of.group(1)):
            trimmed = said_of.group(2)
        return trimmed if trimmed else span

    def _only_a_name(self, span: str) -> bool:
        """Words that could be nothing but a name: no chat, no everyday word of a request
        ("like movies", "anyway a romcom"), no catalog value or person ("a scorsese
        picture")."""
        named = re.sub(r"^(?:the|a|an)\s+", "", span.strip(), flags=re.IGNORECASE)
        words = named.lower().split()
        return bool(words) and not any(w in PLAIN or w in CHITCHAT_WORDS for w in words) \
            and " ".join(self.known_words(named).split()) == named

    def _a_person_named(self, words: str) -> bool:
        """Whether `words` name a person: one of the catalog's, or a first name of its
        people with a surname it lacks ("amber midthunder")."""
        return self.people is not None and bool(self.people.read(words)[0]
                                                or self.people.lacks(words))

    def _a_person(self, word: str) -> bool:
        """Whether `word` is a name of someone in the catalog ("spielberg")."""
        return not self.known_words(word).strip() and self.value_words(word).strip() != ""

    def _a_name(self, word: str) -> bool:
        """One word no everyday text has: a name ("ranbir's animal")."""
        return " " not in word and word.lower() not in self.everyday \
            and word.lower() not in PLAIN

    def _parts(self, span: str) -> list[str]:
        """The titles a span lists ("nomadland and minari"), unless the whole is one."""
        whole = span.strip(" '\"“”‘’")
        if self.titles.exact(whole) is not None:
            return [whole]
        return [p.strip(" '\"“”‘’") for p in SEPARATOR.split(span) if p.strip()]

    def _title(self, part: str, *, after_a_verb: bool, described: bool = False
               ) -> list[TitleMatch | str]:
        """The titles a part names: the catalog's, or the part itself when it is a title
        the catalog lacks ("top gun maverick" holds Top Gun, but is not it). A part
        `described` (its cast said, or which one) is a title even in everyday words."""
        exact = self.titles.exact(part)
        if exact is None and re.fullmatch(r"[\W\d]+", part):
            return []  # "my twins (4)": an age
        if exact is not None and not _plain(self.value_words(part)):
            return [exact]  # "fargo is my favourite": the film, not a director called Fargo
        left = self.known_words(part).lower().split()  # "action movies": a genre, no title
        if _plain(" ".join(left)) and not (described and left and not GENERIC.issuperset(left)):
            return []
        if exact is not None:
            return [exact]
        chunks = [c for c in ANY_SEPARATOR.split(part) if c.strip()]
        # each title said in its own words ("heat and the departed": "heat", "the departed")
        whole = [None if (m := self._whole_title(c)) is None
                 else replace(m, said=m.said or c.strip()) for c in chunks]
        if len(chunks) > 1 and all(whole):  # "toy storey and the net": two of the catalog's
            return [m for m in whole if m is not None]
        # ("the boy and the heron" is one title: "the boy" is not the catalog's "Boy")
        whole = [m if m is not None and self.titles.exact(c) is not None else None
                 for c, m in zip(chunks, whole, strict=True)]
        if len(chunks) > 1 and any(whole):  # "baby driver and the fall guy": one it lacks
            # (listed with a catalog title, a part is a title too: "la la land and sound of
            # metal"), unless it says nothing in particular
            return [m if m is not None else c.strip(" '\"")
                    for c, m in zip(chunks, whole, strict=True)
                    if m is not None or not all(w.strip("'?!") in PLAIN
                                                for w in self.known_words(c).lower().split())]
        match = self._whole_title(part)
        # "my kid loves dinosaurs": everyday words, or a plural, near a title (Dinosaur)
        # are the topic
        if match is not None and not (after_a_verb and not described and match.score < 100
                                      and (common_words_only(part)
                                           or _a_plural_of(part, match.title))):
            return [match]
        if (after_a_verb and not described and not self._looks_like_a_title(part)
                or A_CLAUSE.match(part) or _said_of_someone(part)
                or self._a_persons_name(part)):
            return []
        return [part]

    def _a_persons_name(self, part: str) -> bool:
        """A first name and a surname, said as a whole the catalog lacks ("austin butler
        was unreal"): a person, no title. Both are names of the catalog's people, or no
        everyday words ("will", "mark", "rabbit" are in titles too: "jojo rabbit")."""
        words = part.lower().split()
        if self.people is None or len(words) != 2 or not words[1].isalpha():
            return False
        first, surname = words
        return (first in self.people.first_names and first not in self.everyday
                and (surname in self.people.surnames or surname not in self.everyday))

    def _whole_title(self, text: str) -> TitleMatch | None:
        """The catalog's title that `text` is, typos forgiven, or None (also for a sequel
        the catalog lacks: "kung fu panda 4")."""
        exact = self.titles.exact(text)
        if exact is not None:
            return exact
        if (near := self.titles.near(text)) is not None:
            return near  # the whole span, spelt a little wrong
        key = _content(normalise(text))
        for match in self.titles.mentions(text.title()):
            said = _content(normalise(match.said))
            if said == key:
                return match
        return None

    def _looks_like_a_title(self, part: str) -> bool:
        words = [w for w in re.findall(r"[\w']+", part) if w.lower() not in PLAIN]
        if 0 < len(words) <= 2 and _a_plural_noun(words[-1]) and all(
                w.islower() and zipf(w) >= VERY_COMMON for w in words[:-1]):
            return False  # "obsessed with dinosaurs", "he likes big explosions": no film
        title_case = bool(words) and all(w[:1].isupper() or w[:1].isdigit() for w in words)
        return title_case or any(w.isdigit() or (w.lower() not in self.everyday  # a sequel's
                                                  and w.replace("'", "").isalpha())  # number
                                 for w in words)


def _asks_in_general(span: str) -> bool:
    """A Hindi question about films in general, not a title: its words are chat."""
    return any(w in CHITCHAT_WORDS or w in PLAIN or w in ("movie", "movies", "film", "films",
                                                          "yahan", "isme", "koi")
               for w in span.lower().split())


def _a_plural_noun(word: str) -> bool:
    """An English plural in lower case that people use ("dinosaurs", "unicorns"), not a
    name ("nimona")."""
    return word.islower() and word.endswith("s") and zipf(word) >= PLURAL_IN_USE


def _said_of_someone(part: str) -> bool:
    """A part no title the catalog lacks would be: someone ("our new arrival", "connery as
    his dad"), something pointed at ("that little boy"), or a clause about people ("half's
    taken the kids to her mums so ive got the telly")."""
    words = re.findall(r"[\w']+", part.lower())
    return bool(SOMEONES.match(part) or POINTER.match(part) or HAVE_DONE.search(part)
                or IN_A_ROLE.match(part) or AT_SOMEONES.search(part)
                or len(words) > 6 and PEOPLE_WORDS.intersection(words))


def _plain(text: str) -> bool:
    """Whether `text` says nothing in particular (its words all PLAIN)."""
    return all(w.strip("'?!") in PLAIN for w in text.lower().split())


def _a_plural_of(said: str, title: str) -> bool:
    """Whether `said` is the plural of `title` ("dinosaurs", Dinosaur (2000); "princesses",
    Princess (Prinsessa) (2010): its other names in brackets aside)."""
    typed, named = normalise(said), _content(normalise(re.sub(r"\s*\([^()]*\)", "", title)))
    return typed in (f"{named}s", f"{named}es")


def _without_tails(span: str) -> str:
    """`span` without what follows a title ("up with yesterday and we were..."), however
    many tails it has."""
    while (shorter := TAIL.sub("", span)) != span:
        span = shorter
    return span


def _content(key: str) -> str:
    """A normalised title without a leading article."""
    return re.sub(r"^(?:the|a|an) ", "", key)


def sequels_lacking(text: str, known: Sequence[TitleMatch], titles: TitleIndex) -> list[str]:
    """The sequels of catalog titles `text` names that the catalog lacks: "creed iii" after
    "creed was brilliant" is a film it does not have, whatever place it is in."""
    lacking = []
    for match in known:
        for sequel in re.finditer(rf"\b{re.escape(match.said)}{SEQUEL_AFTER}", text,
                                  re.IGNORECASE):
            if titles.exact(sequel.group(0)) is None:
                lacking.append(" ".join(sequel.group(0).lower().split()))
    return lacking


def _unique(matches: list[TitleMatch]) -> list[TitleMatch]:
    return list({m.item_id: m for m in matches}.values())
