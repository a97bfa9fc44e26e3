"""When two names are one: the rule behind "this name is already an account".

Names match the way a person reads them: case and spacing do not count. Storage keeps
each account's key beside its name (`accounts.name_key`, indexed), so asking whether a
name is taken reads the matches only, at any number of accounts.
"""

from __future__ import annotations

import re


def name_key(name: str) -> str:
    """A name as a person reads it: "  pieter  VAN dijk " and "Pieter van Dijk" are one name."""
    return " ".join(name.split()).casefold()


# Words that mark a name as a business, not a person (compared case-folded, dots removed). Kept
# as running text, a word list is read and added to more easily than a column of literals.
_BUSINESS_WORDS = frozenset(
    """
    bv nv vof cv bvba sarl sa srl ag gmbh kg ug inc ltd llc llp plc co corp corporation company
    limited group groep agency bureau holding holdings beheer ventures capital invest partners
    partner associates zonen zn gebr gebroeders en and the studio studios design designs
    media consultancy consulting consultants advies solutions services diensten systems software
    digital tech technologies technology labs lab marketing creative creatives communicatie
    communications events productions producties films fotografie photography print drukkerij
    uitgeverij publishing academy academie institute instituut foundation stichting vereniging
    club team collective collectief works werkplaats fabriek factory brands shop store winkel
    webshop online garage salon kapsalon bakkerij bakery slagerij restaurant cafe café bar
    hotel catering kliniek clinic praktijk apotheek kantoor office makelaardij makelaars
    advocaten notaris notarissen architecten architects accountants administratie bouw
    installatie installaties transport logistics logistiek international global europe nederland
    holland noord zuid oost west north south east
    """.split()  # noqa: SIM905
)
# Titles before a name: "drs. Anna de Vries" is Anna.
_TITLES = frozenset("dr drs mr ir ing prof dhr mevr mw mevrouw meneer mrs ms miss sir bc ds".split())  # noqa: SIM905
# Small words inside a person's name, written in lower case: "Anna de Vries", "Jan van 't Hek".
_PARTICLES = frozenset(
    "van de der den het 't ter ten te op in von zu da di del della du le la dos das al el".split()  # noqa: SIM905
)
_NAME_PART = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*$")


def first_name(account_name: str) -> str:
    """The first name when the account name is clearly a person's ("Kees Mulder" -> "Kees",
    "drs. Anna de Vries" -> "Anna"); "" when it is not clear (a company, initials, digits).

    An exit message greets the person by first name; a wrong guess ("Hi Bakkerij,") is worse
    than no name at all, so anything in doubt gives "".
    """
    words = account_name.split()
    titled = False
    while words and words[0].casefold().rstrip(".") in _TITLES:
        words, titled = words[1:], True
    # After a title one word is a surname ("Mr Smith").
    if not words or len(words) > 5 or (titled and len(words) == 1):
        return ""
    for word in words:
        folded = word.casefold().replace(".", "")
        if folded in _PARTICLES:
            continue
        if folded in _BUSINESS_WORDS or not _NAME_PART.match(word):
            return ""
        # A person's name part is capitalised, and not shouted ("ACME").
        if not word[0].isupper() or (len(word) > 1 and word.isupper()):
            return ""
    first = words[0]
    if first.casefold() in _PARTICLES or len(first) < 2:
        return ""
    return first
