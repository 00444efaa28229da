"""What a shopper wants a product free of ("low sugar cookies", "gluten-free pasta"), and
whether a product says it is.

    "low sugar biscuits"     free of sugar: "Sugar Free Oatmeal Cookies", "no added sugar"
    "sugarless cookies"      the same
    "dairy free chocolate"   free of dairy

A word alone would search for what is refused ("sugar" finds glucose biscuits first), so
the search is worded as shops write it ("sugar free"), and the products whose own text says
so are shown first (bot/offline.py).
"""

from __future__ import annotations

import re

FREE_OF = re.compile(r"\b(?:low|no|zero|less|without|reduced|no added|without added)[- ]"
                     r"(?P<what>sugar|fat|salt|sodium|gluten|lactose|dairy)s?\b"
                     r"|\b(?P<less>sugar|fat|salt|gluten)less\b"
                     r"|\b(?P<free>sugar|fat|salt|sodium|gluten|lactose|dairy)[- ]?free\b",
                     re.IGNORECASE)
# The same said of the thing's taste: "not too sugary", "nothing salty", "less fatty"
NOT_TOO = re.compile(r"\b(?:not (?:too |so |that |very |overly )?|nothing (?:too )?|less |"
                     r"non[- ]?)(?P<what>sugary|salty|fatty)\b", re.IGNORECASE)
TASTE_OF = {"sugary": "sugar", "salty": "salt", "fatty": "fat"}
# What else a product's text says when it is free of it ("for diabetics": no sugar)
# ("made for diabetics" says so; "can minimize the risk of diabetes" does not)
ALSO_SAID = {"sugar": r"|\b(?:for|suitable for|safe for|good for|ideal for)\s+diabet\w*"
                      r"|\bdiabet\w*[- ]friendly\b|\bsugar ?lite\b|\bsweetened with stevia\b"}


def free_of(text: str) -> list[str]:
    """What `text` asks a product to be free of, in order ("sugar", "gluten")."""
    return list(dict.fromkeys(_what(m).lower() for m in FREE_OF.finditer(text)))


def as_free_of(text: str) -> str:
    """`text` with "not too sugary" written "low sugar" (a shop's wish, no refused word)."""
    return NOT_TOO.sub(lambda m: f"low {TASTE_OF[m.group('what').lower()]}", text)


def worded_as_shops_do(text: str) -> str:
    """`text` with "low sugar", "sugarless" written "sugar free"."""
    return FREE_OF.sub(lambda m: f"{_what(m)} free", text)


def says_free_of(product_text: str, what: str) -> bool:
    """Whether a product's own text says it is free of `what`."""
    said = rf"\b{what}[- ]?free\b|\b{what}less\b|\bno added {what}|\bwithout {what}" \
           rf"|\bzero {what}|\blow[- ]{what}{ALSO_SAID.get(what, '')}"
    return re.search(said, product_text, re.IGNORECASE) is not None


def _what(match: re.Match[str]) -> str:
    return match.group("what") or match.group("less") or match.group("free")
