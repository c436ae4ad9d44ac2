"""One name per council or force, the same across all its reports.

A cover writes "London Borough of Barking and Dagenham", "Barking and Dagenham" or
"Inspection of Barking and Dagenham children's services"; all are one organisation. The key
drops the kinds of authority ("London Borough of", "Metropolitan Borough Council", "City
Council", ...) and spelling variants ("&", "St."); ALIASES joins the official names that
share no words once that is done (Hull is the City of Kingston upon Hull).
"""

from __future__ import annotations

import re

_PREFIXES = re.compile(
    r"^(?:the\s+)?(?:(?:london|royal|metropolitan|county)\s+borough\s+of|borough\s+of|city\s+and\s+county\s+of|"
    r"city\s+of|county\s+of|council\s+of\s+the)\s+", re.I)
_SUFFIXES = re.compile(
    r"\s+(?:metropolitan\s+borough\s+council|metropolitan\s+district\s+council|metropolitan\s+council|"
    r"metropolitan\s+borough|metropolitan\s+district|district|borough\s+council|city\s+council|county\s+council|"
    r"district\s+council|city\s+of|unitary\s+authority|council|local\s+authority|borough|city|county|"
    r"safeguarding\s+children\s+board|children['’]s\s+services|children['’]s\s+social\s+care\s+services)$",
    re.I)

# Official names that name one authority in two ways; keys on both sides are already normalised.
ALIASES: dict[str, str] = {
    "kingston upon hull": "hull",
    "east riding": "east riding of yorkshire",
    "newcastle": "newcastle upon tyne",
    "durham": "county durham",
    "southend": "southend-on-sea",
    "telford wrekin": "telford and wrekin",
    "windsor maidenhead": "windsor and maidenhead",
    "bristol city": "bristol",
    "herefordshire county": "herefordshire",
}


def _strip(name: str) -> str:
    name = " ".join(name.replace("&", " and ").split()).strip(" ,.;:–-")
    name = re.sub(r"^(?:the)\s+", "", name, flags=re.I)
    for _ in range(3):  # "Rotherham Metropolitan Borough Council local authority"
        before = name
        name = _SUFFIXES.sub("", name).strip(" ,")
        name = _PREFIXES.sub("", name).strip(" ,")
        if name == before:
            break
    return name


def display_name(name: str) -> str:
    """'London Borough of Barking and Dagenham' -> 'Barking and Dagenham'."""
    stripped = _strip(name)
    return stripped or " ".join(name.split())


def org_key(name: str) -> str:
    """What two reports of the same body share: lower case, no kind of authority."""
    key = _strip(name).lower()
    key = re.sub(r"\bst\.?\s+", "st ", key)
    key = key.replace("’", "'")
    key = " ".join(key.split())
    return ALIASES.get(key, key)
