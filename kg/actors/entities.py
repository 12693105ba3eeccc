"""Named mentions: NER spans and gazetteer names; capitals and seats only where they act."""

from __future__ import annotations

import re

from kg.actors import persons
from kg.actors.gazetteer import normalize, slugify
from kg.actors.state import ENTITY_LABELS, ResolverState, head_of, register, span_text
from kg.model import Actor, ActorMention, Sentence


def split_possessive(st: ResolverState, sentence: Sentence, label: str, members: list[int]
                      ) -> list[tuple[str, list[int]]]:
    """"Mr Brown's International Finance Facility": the owner and the thing owned;
    "the Group of Eight (G8": the name and its bracketed acronym."""
    brackets = [n for n, i in enumerate(members) if sentence.tokens[i].text in {"(", ")"}]
    if brackets:
        parts, current = [], []
        for n, i in enumerate(members):
            if n in brackets:
                if current:
                    parts.append(current)
                current = []
            else:
                current.append(i)
        if current:
            parts.append(current)
        return [pair for part in parts for pair in split_possessive(st, sentence, label,
                                                                           part)]
    for n, i in enumerate(members[:-1]):
        if sentence.tokens[i].text in {"'s", "’s"}:
            owner, owned = members[:n], members[n + 1:]
            owner_text = persons.clean_name(span_text(st, sentence, owner)) if owner else ""
            owner_label = "PERSON" if owner_text and (
                st.has("person_honorific", owner_text.split()[0].rstrip("."))
                or persons.person_key(owner_text) in st.people
            ) else label
            return [(owner_label, owner), (label, owned)] if owner else [(label, owned)]
    return [(label, members)]


def entity_mention(st: ResolverState, sentence: Sentence, label: str, members: list[int]
                    ) -> ActorMention | None:
    text = persons.clean_name(span_text(st, sentence, members))
    if not text:
        return None
    head = head_of(sentence, members)
    if label in {"ORG", "PERSON", "GPE", "NORP"} and is_outlet(st, text):
        return None  # "Reuters reported", "told TASS": a source of news, never an actor
    found = st.gaz.lookup_name(text)
    kind = "name"
    if found is None and label in {"GPE", "LOC", "FAC", "ORG", "PERSON"}:
        found = st.gaz.lookup_capital(text)
        kind = "capital"
        if found is not None and not acts(st, sentence, head):
            return None
    if found is None:
        found = st.gaz.lookup_demonym(text)
        kind = "demonym"
    if found is None and label in {"ORG", "NORP"}:
        # "Sisi said": NER took a person's name for an organisation.
        person = person_named(st, text)
        if person is not None:
            return ActorMention(sentence.index, head, tuple(members), person, "person", text)
    if found is None and len(members) > 1 and label != "PERSON":
        # "Russian Foreign Ministry", "EU Commission": the longest known prefix or part.
        partial = partial_match(st, sentence, members)
        if partial is not None or label != "ORG":
            return partial
    if found is None and st.title_case:
        return known_person_in(st, sentence, members)
    if found is None and label == "PERSON":
        name = persons.strip_honorifics(st, text)
        if len(name) < 2 or not name[0].isupper() or re.search(r"\w['’]t\b|\d", name):
            return None  # "Gov't officials": a contraction; "Covid-19": digits; no name
        return ActorMention(sentence.index, head, tuple(members), persons.person_actor(st, name),
                            "person", text)
    if found is None and label == "ORG":
        if not text[0].isupper() or len(text) < 2:
            return None
        kind_type = "party" if re.search(r"\bparty\b", text, re.I) else "organization"
        minted = Actor(id=slugify(text), label=text, type=kind_type, wikidata=None)
        return ActorMention(sentence.index, head, tuple(members), minted, "minted", text)
    if found is None:
        return None
    if kind == "name" and found.type == "state" and is_seat(st, text) and not acts(st,
        sentence, head
    ):
        return None
    return ActorMention(sentence.index, head, tuple(members), found, kind, text)


def longer_name(st: ResolverState, sentence: Sentence, start: int, end: int) -> int:
    """Where a known name that NER cut short ends ("the Organization for Security and
    Co-operation | in Europe"); `end` when no longer span is a name."""
    for stop in range(min(len(sentence.tokens), end + 4), end, -1):
        if st.gaz.lookup_name(span_text(st, sentence, list(range(start, stop)))) is not None:
            return stop
    return end


def is_outlet(st: ResolverState, text: str) -> bool:
    """A news agency or outlet ("Reuters", "Xinhua News Agency", "Global Times")."""
    key = normalize(text)
    words = key.split()
    return st.has("news_outlet", key) or st.has("news_outlet", re.sub(r"^the ", "", key)) or (
        len(words) > 1 and (st.has("media_head", words[-1])
                            or st.has("media_head", " ".join(words[-2:]))
                            or (st.has("news_outlet", words[0]) and words[0].isalpha()
                                and len(words[0]) > 2)))  # "BBC Radio 4", "CNN International"


def person_named(st: ResolverState, text: str) -> Actor | None:
    """The person a name denotes, if the gazetteer or the article knows it as one."""
    if len(text.split()) > 3 or not text[:1].isupper():
        return None
    known = st.gaz.lookup_person(text)
    if known is None and persons.person_key(text) in st.people and normalize(
            st.people[persons.person_key(text)]).endswith(normalize(text)):
        known = persons.person_actor(st, text)
    return known


def known_person_in(st: ResolverState, sentence: Sentence,
                    members: list[int]) -> ActorMention | None:
    """A person the gazetteer or the article body knows, inside a headline entity."""
    for i in members:
        word = persons.clean_name(sentence.tokens[i].text)
        known = st.gaz.lookup_person(word)
        full = st.people.get(persons.person_key(word)) if word else None
        if known is None and full and len(full.split()) > 1:
            known = persons.person_actor(st, full)
        if known is not None:
            return ActorMention(sentence.index, i, (i,), known, "person", word)
    return None


def is_seat(st: ResolverState, text: str) -> bool:
    lowered = normalize(text)
    return lowered.startswith("the ") or st.has("seat_name", lowered)


def partial_match(st: ResolverState, sentence: Sentence,
                  members: list[int]) -> ActorMention | None:
    for size in range(len(members) - 1, 0, -1):
        for start in range(0, len(members) - size + 1):
            part = members[start:start + size]
            text = persons.clean_name(span_text(st, sentence, part))
            found = st.gaz.lookup_name(text) or st.gaz.lookup_demonym(text)
            if found is not None:
                kind = "name" if st.gaz.lookup_name(text) else "demonym"
                return ActorMention(sentence.index, head_of(sentence, part),
                                    tuple(part), found, kind, text)
    return None


def acts(st: ResolverState, sentence: Sentence, head: int) -> bool:
    """Whether a capital or seat at `head` acts (an actor) rather than names a place."""
    tok = sentence.tokens[head]
    deprel = tok.deprel
    if deprel == "appos" and tok.head >= 0:
        return acts(st, sentence, tok.head)
    if deprel == "conj" and tok.head >= 0:
        return acts(st, sentence, tok.head)
    if deprel == "compound":
        governor = sentence.tokens[tok.head]
        return st.lex.has("institution_noun", governor.lemma.lower())
    cases = [c.lemma.lower() for c in sentence.children(head) if c.deprel in {"case"}]
    if cases and tok.head >= 0:
        governor = sentence.tokens[tok.head]
        pos = "NOUN" if governor.upos in {"NOUN", "PROPN"} else governor.upos
        if any(cases[0] in cue.objects for cue in st.lex.lookup(governor.lemma.lower(),
                                                                    pos)):
            return True  # "lashed out at Washington", "talks with Moscow": an argument
    if any(st.lex.has("place_case", c) for c in cases):
        return False
    if cases and tok.head >= 0:
        governor = sentence.tokens[tok.head]
        if cases[0] in {"to", "from", "for"} and st.lex.has(
            "motion_word", governor.lemma.lower()
        ):
            return False
    if deprel in {"obj"} and tok.head >= 0 and st.lex.has(
        "motion_word", sentence.tokens[tok.head].lemma.lower()
    ):
        return False
    if deprel == "obl:npmod" and tok.head >= 0 and sentence.tokens[tok.head].xpos == "VBN":
        return True  # "Moscow-backed candidate", "Beijing-brokered deal"
    return deprel not in {"obl:tmod", "obl:npmod", "nummod"}


def gazetteer_matches(st: ResolverState, sentence: Sentence, covered: set[int]) -> None:
    tokens = sentence.tokens
    n = len(tokens)
    i = 0
    while i < n:
        if i in covered or i in st.result.by_sentence[sentence.index]:
            i += 1
            continue
        start_word = tokens[i].text
        if start_word.lower() == "the" and i + 1 < n:
            start_word = tokens[i + 1].text
        if not st.gaz.may_start_name(start_word):
            i += 1
            continue
        matched = False
        for size in range(min(st.gaz.max_name_tokens, n - i), 0, -1):
            window = list(range(i, i + size))
            if any(j in covered for j in window):
                continue
            first = tokens[window[0]]
            if not (first.text[:1].isupper() or first.lemma.lower() == "the"):
                continue
            if first.lemma.lower() == "the" and size == 1:
                continue
            text = persons.clean_name(span_text(st, sentence, window))
            if not text or (not text[0].isupper() and not text.lower().startswith("the ")):
                continue
            members = [j for j in window if tokens[j].upos not in {"DET", "PUNCT"}]
            if not members:
                continue
            head = head_of(sentence, members)
            found, kind = st.gaz.lookup_name(text), "name"
            if found is None and size == 1:
                found, kind = st.gaz.lookup_capital(text), "capital"
                if found is not None and not acts(st, sentence, head):
                    found = None
            if found is None and size == 1 and tokens[i].upos in {"ADJ", "PROPN", "NOUN"}:
                found, kind = st.gaz.lookup_demonym(text), "demonym"
            if found is None:
                continue
            if kind == "name" and is_seat(st, text) and not acts(st, sentence, head):
                continue
            if text.isupper() and len(text) <= 3 and tokens[i].upos not in {"PROPN", "NOUN"}:
                continue  # "US" as a pronoun in all-caps copy
            register(st, ActorMention(sentence.index, head, tuple(members), found, kind,
                                        text), sentence)
            covered.update(window)
            i += size
            matched = True
            break
        if not matched:
            i += 1


def named_entities(st: ResolverState, sentence: Sentence) -> set[int]:
    """Register the NER spans that name actors; returns the tokens the spans cover."""
    covered: set[int] = set()
    for ent in sentence.entities:
        if ent.label not in ENTITY_LABELS:
            continue
        start = ent.start
        if ent.label == "ORG":
            # "UK Independence Party": NER often leaves a leading place name outside.
            while start > 0 and sentence.tokens[start - 1].upos == "PROPN" and sentence.tokens[
                start - 1
            ].deprel == "compound" and ent.start <= sentence.tokens[start - 1].head < ent.end:
                start -= 1
        members = [
            i for i in range(start, ent.end)
            if sentence.tokens[i].upos not in {"DET"}
            and not (sentence.tokens[i].upos == "PUNCT" and sentence.tokens[i].text not in {
                "(", ")"})
            and not (sentence.tokens[i].deprel == "case" and i == ent.end - 1)
        ]
        if not [i for i in members if sentence.tokens[i].upos != "PUNCT"] or ent.start in covered:
            continue  # inside a name already read ("... Co-operation in Europe")
        end = ent.end
        if ent.label == "ORG" and st.gaz.lookup_name(span_text(st, sentence, members)) is None:
            end = longer_name(st, sentence, start, ent.end)
            members += list(range(ent.end, end))
        covered.update(range(start, end))
        for label, part in split_possessive(st, sentence, ent.label, members):
            mention = entity_mention(st, sentence, label, part)
            if mention is not None:
                register(st, mention, sentence)
    return covered
