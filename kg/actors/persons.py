"""Persons within one article: "Vladimir Putin" = "Putin" = "Mr Putin"."""

from __future__ import annotations

import re

from kg.actors.gazetteer import normalize, slugify
from kg.actors.state import ResolverState
from kg.model import Actor

# Quote marks and dashes never belong to a name.
_TRIM = re.compile(r"^[\s\"'“”‘’(\[]+|[\s\"'“”‘’)\],.;:]+$")


def clean_name(text: str) -> str:
    text = _TRIM.sub("", text.replace("\u00a0", " "))
    text = re.sub(r"['’]s$", "", text).strip()
    return re.sub(r"\s+", " ", text)


def strip_honorifics(st: ResolverState, name: str) -> str:
    """ "Mr Putin" -> "Putin", "President Vladimir Putin" -> "Vladimir Putin"."""
    bare = st.honorifics
    words = name.split()
    while len(words) > 1 and (
        words[0].lower().strip(".") + ("." if words[0].endswith(".") else "") in bare
    ):
        words = words[1:]
    return " ".join(words)


def person_key(name: str) -> str:
    return normalize(name.split()[-1]) if name.split() else normalize(name)


def cluster_people(st: ResolverState) -> dict[str, str]:
    """Surname -> fullest name seen in the article for that person."""
    fullest: dict[str, str] = {}
    for sentence in st.doc.sentences:
        for ent in sentence.entities:
            if ent.label != "PERSON":
                continue
            name = strip_honorifics(st, clean_name(ent.text))
            if not name or st.gaz.lookup_name(name) or not name[0].isupper():
                continue
            key = person_key(name)
            if len(name.split()) > len(fullest.get(key, "").split()):
                fullest[key] = name
    return fullest


def person_actor(st: ResolverState, name: str) -> Actor:
    name = strip_honorifics(st, clean_name(name))
    known = st.gaz.lookup_person(name) or st.gaz.lookup_person(
        st.people.get(person_key(name), ""))
    if known is not None:
        return known
    full = st.people.get(person_key(name))
    if full is not None and len(full.split()) == 1:
        full = None
    if full is None and len(name.split()) == 1:
        # Family name first ("Zhao" for "Zhao Lijian"): match a unique first token.
        firsts = {v for v in st.people.values() if normalize(v.split()[0]) == normalize(
            name)}
        full = firsts.pop() if len(firsts) == 1 else None
    if full is None and len(name.split()) == 1:
        seen = seen_person(st, name)
        if seen is not None:
            return seen
    full = full or name
    if full.isupper():
        full = full.title()
    return Actor(id=slugify(full), label=full, type="person", wikidata=None)


def seen_person(st: ResolverState, word: str) -> Actor | None:
    """The one person already named in the article whose first or last name is `word`
    ("Zhao" after "Zhao Lijian" from the gazetteer)."""
    key = normalize(word)
    found = {a for a in st.result.actors.values() if a.type == "person"
             and len(a.label.split()) > 1
             and key in {normalize(a.label.split()[0]), normalize(a.label.split()[-1])}}
    return found.pop() if len(found) == 1 else None
