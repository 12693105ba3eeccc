"""Resolve mentions in a parsed article to actors.

Names, acronyms and aliases come from the gazetteer; capitals and executive seats stand for
their state only where they act (never as a place: "speaking in Beijing"); persons are merged
within the article ("Vladimir Putin" = "Putin" = "Mr Putin"); titles give `leader_of`
("Russian President Vladimir Putin") and let descriptions refer back ("the Russian
president"); pronouns and group descriptions ("he", "the alliance") refer to a recent actor;
plural references ("the two countries", "both sides", "they") refer to a recent set of actors
named together, and resolve to nothing where that set is not clear.
"""

from __future__ import annotations

import re

from kg.actors.gazetteer import Gazetteer, default_gazetteer, normalize, slugify
from kg.lexicon import Lexicon, default_lexicon
from kg.lexicon.config import DEFAULT_CONFIG, ExtractionConfig
from kg.model import (
    Actor,
    ActorMention,
    ArticleActors,
    LeaderFact,
    MemberFact,
    ParsedDoc,
    Sentence,
    Token,
)

ENTITY_LABELS = {"GPE", "ORG", "NORP", "PERSON", "LOC", "FAC"}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord",
              "lady", "madam", "mister", "gen", "gen.", "general", "sen.", "senator", "rep.",
              "president", "premier", "chancellor", "minister", "king", "queen", "prince",
              "secretary", "ambassador", "prime", "foreign", "defence", "defense", "leader",
              "spokesman", "spokeswoman", "judge", "colonel", "col.", "admiral", "pope",
              "sheikh", "emir", "vice", "deputy", "chairman", "comrade"}
MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
NEUTER_PRONOUNS = {"it", "its", "itself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
GROUP_NUMBERS = {"two": 2, "three": 3, "four": 4, "both": 2}
STATE_LIKE = {"state", "organization", "bloc", "group", "party"}
SUBJECT_DEPRELS = {"nsubj", "nsubj:pass", "csubj"}
# Quote marks and dashes never belong to a name.
_TRIM = re.compile(r"^[\s\"'“”‘’(\[]+|[\s\"'“”‘’)\],.;:]+$")


def _clean_name(text: str) -> str:
    text = _TRIM.sub("", text.replace("\u00a0", " "))
    text = re.sub(r"['’]s$", "", text).strip()
    return re.sub(r"\s+", " ", text)


def _strip_honorifics(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower().strip(".") + ("." if words[0].endswith(".") else "") in HONORIFICS | {w.rstrip(".") for w in HONORIFICS}:  # noqa: E501
        words = words[1:]
    return " ".join(words)


def _person_key(name: str) -> str:
    return normalize(name.split()[-1]) if name.split() else normalize(name)


class ArticleResolver:
    """Resolves the mentions of one article, in reading order."""

    def __init__(self, doc: ParsedDoc, gazetteer: Gazetteer, lexicon: Lexicon,
                 config: ExtractionConfig = DEFAULT_CONFIG) -> None:
        self.doc = doc
        self.config = config
        self.gaz = gazetteer
        self.lex = lexicon
        self.result = ArticleActors(by_sentence=[{} for _ in doc.sentences])
        self.people = self._cluster_people()
        self.history: list[tuple[ActorMention, str]] = []  # (mention, deprel) in order
        self.untitled: dict[str, tuple[Actor, int, str]] = {}
        # Sets of two or more actors named together (a coordination or a resolved group
        # reference) and plural subjects (None where they are not actors), in reading order.
        self.sets: list[tuple[int, int, tuple[Actor, ...]]] = []
        self.plural_subjects: list[tuple[int, int, tuple[Actor, ...] | None]] = []
        published = re.match(r"\s*(\d{4})", doc.article.published or "")
        self.year = int(published.group(1)) if published else None

    # -- persons -------------------------------------------------------------------------
    def _cluster_people(self) -> dict[str, str]:
        """Surname -> fullest name seen in the article for that person."""
        fullest: dict[str, str] = {}
        for sentence in self.doc.sentences:
            for ent in sentence.entities:
                if ent.label != "PERSON":
                    continue
                name = _strip_honorifics(_clean_name(ent.text))
                if not name or self.gaz.lookup_name(name) or not name[0].isupper():
                    continue
                key = _person_key(name)
                if len(name.split()) > len(fullest.get(key, "").split()):
                    fullest[key] = name
        return fullest

    def person_actor(self, name: str) -> Actor:
        name = _strip_honorifics(_clean_name(name))
        known = self.gaz.lookup_person(name) or self.gaz.lookup_person(
            self.people.get(_person_key(name), ""))
        if known is not None:
            return known
        full = self.people.get(_person_key(name))
        if full is not None and len(full.split()) == 1:
            full = None
        if full is None and len(name.split()) == 1:
            # Family name first ("Zhao" for "Zhao Lijian"): match a unique first token.
            firsts = {v for v in self.people.values() if normalize(v.split()[0]) == normalize(
                name)}
            full = firsts.pop() if len(firsts) == 1 else None
        full = full or name
        if full.isupper():
            full = full.title()
        return Actor(id=slugify(full), label=full, type="person", wikidata=None)

    # -- registering ---------------------------------------------------------------------
    def _register(self, mention: ActorMention, sentence: Sentence) -> None:
        by_token = self.result.by_sentence[mention.sentence]
        for i in mention.tokens:
            by_token.setdefault(i, mention)
        by_token[mention.head] = mention
        self.result.actors.setdefault(mention.actor.id, mention.actor)
        if mention.kind in {"name", "person", "capital", "minted"}:
            self.result.aliases.setdefault(mention.actor.id, set()).add(mention.text)
        self.history.append((mention, sentence.tokens[mention.head].deprel))

    def _head_of(self, sentence: Sentence, members: list[int]) -> int:
        inside = set(members)
        for i in members:
            if sentence.tokens[i].head not in inside:
                return i
        return members[-1]

    # -- the main pass -------------------------------------------------------------------
    def resolve(self) -> ArticleActors:
        for sentence in self.doc.sentences:
            self._resolve_sentence(sentence)
        self._complete_titles()
        return self.result

    def _complete_titles(self) -> None:
        """A bare title ("President X") names the office the person is known to have held,
        when exactly one such state or organisation is mentioned in the article."""
        mentioned = set(self.result.actors)
        for person_id, (person, sentence, cue) in self.untitled.items():
            if person_id in self.result.leaders:
                continue
            candidates = self.gaz.led_by(person_id, self.year) & mentioned
            if len(candidates) == 1:
                org = self.result.actors[candidates.pop()]
                self.result.leaders[person_id] = org.id
                self.result.leader_facts.append(LeaderFact(person, org, sentence, cue))

    def _resolve_sentence(self, sentence: Sentence) -> None:
        content = [t.text for t in sentence.tokens if t.text[:1].isalpha()
                   and t.upos in {"VERB", "NOUN", "ADJ", "ADV", "PROPN"}]
        # Headlines in title case fool NER ("Trump Wants Ukrain's NATO Membership Talks"):
        # there, only names the gazetteer or the article's own persons know become actors.
        self.title_case = (len(content) >= 2 and all(w[0].isupper() for w in content)
                           and not sentence.text.rstrip().endswith((".", "!", "?", "\"", "”")))
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
            if not [i for i in members if sentence.tokens[i].upos != "PUNCT"]:
                continue
            covered.update(range(start, ent.end))
            for label, part in self._split_possessive(sentence, ent.label, members):
                mention = self._entity_mention(sentence, label, part)
                if mention is not None:
                    self._register(mention, sentence)
        self._gazetteer_matches(sentence, covered)
        self._descriptions_and_pronouns(sentence)
        self._titles(sentence)
        self._groups(sentence)

    def _split_possessive(self, sentence: Sentence, label: str, members: list[int]
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
            return [pair for part in parts for pair in self._split_possessive(sentence, label,
                                                                               part)]
        for n, i in enumerate(members[:-1]):
            if sentence.tokens[i].text in {"'s", "’s"}:
                owner, owned = members[:n], members[n + 1:]
                owner_text = _clean_name(self._span_text(sentence, owner)) if owner else ""
                owner_label = "PERSON" if owner_text and (
                    owner_text.split()[0].lower().rstrip(".") in {"mr", "mrs", "ms", "dr"}
                    or _person_key(owner_text) in self.people
                ) else label
                return [(owner_label, owner), (label, owned)] if owner else [(label, owned)]
        return [(label, members)]

    def _span_text(self, sentence: Sentence, members: list[int]) -> str:
        first, last = sentence.tokens[members[0]], sentence.tokens[members[-1]]
        return self.doc.article.text[first.start:last.end]

    def _entity_mention(self, sentence: Sentence, label: str, members: list[int]
                        ) -> ActorMention | None:
        text = _clean_name(self._span_text(sentence, members))
        if not text:
            return None
        head = self._head_of(sentence, members)
        found = self.gaz.lookup_name(text)
        kind = "name"
        if found is None and label in {"GPE", "LOC", "FAC", "ORG", "PERSON"}:
            found = self.gaz.lookup_capital(text)
            kind = "capital"
            if found is not None and not self._acts(sentence, head):
                return None
        if found is None:
            found = self.gaz.lookup_demonym(text)
            kind = "demonym"
        if found is None and len(members) > 1 and label != "PERSON":
            # "Russian Foreign Ministry", "EU Commission": the longest known prefix or part.
            partial = self._partial_match(sentence, members)
            if partial is not None or label != "ORG":
                return partial
        if found is None and self.title_case:
            return self._known_person_in(sentence, members)
        if found is None and label == "PERSON":
            name = _strip_honorifics(text)
            if len(name) < 2 or not name[0].isupper():
                return None
            return ActorMention(sentence.index, head, tuple(members), self.person_actor(name),
                                "person", text)
        if found is None and label == "ORG":
            if not text[0].isupper() or len(text) < 2:
                return None
            kind_type = "party" if re.search(r"\bparty\b", text, re.I) else "organization"
            minted = Actor(id=slugify(text), label=text, type=kind_type, wikidata=None)
            return ActorMention(sentence.index, head, tuple(members), minted, "minted", text)
        if found is None:
            return None
        if kind == "name" and found.type == "state" and self._is_seat(text) and not self._acts(
            sentence, head
        ):
            return None
        return ActorMention(sentence.index, head, tuple(members), found, kind, text)

    def _known_person_in(self, sentence: Sentence, members: list[int]) -> ActorMention | None:
        """A person the gazetteer or the article body knows, inside a headline entity."""
        for i in members:
            word = _clean_name(sentence.tokens[i].text)
            known = self.gaz.lookup_person(word)
            full = self.people.get(_person_key(word)) if word else None
            if known is None and full and len(full.split()) > 1:
                known = self.person_actor(full)
            if known is not None:
                return ActorMention(sentence.index, i, (i,), known, "person", word)
        return None

    def _is_seat(self, text: str) -> bool:
        lowered = normalize(text)
        return lowered.startswith("the ") or lowered in {"kremlin", "white house"}

    def _partial_match(self, sentence: Sentence, members: list[int]) -> ActorMention | None:
        for size in range(len(members) - 1, 0, -1):
            for start in range(0, len(members) - size + 1):
                part = members[start:start + size]
                text = _clean_name(self._span_text(sentence, part))
                found = self.gaz.lookup_name(text) or self.gaz.lookup_demonym(text)
                if found is not None:
                    kind = "name" if self.gaz.lookup_name(text) else "demonym"
                    return ActorMention(sentence.index, self._head_of(sentence, part),
                                        tuple(part), found, kind, text)
        return None

    def _acts(self, sentence: Sentence, head: int) -> bool:
        """Whether a capital or seat at `head` acts (an actor) rather than names a place."""
        tok = sentence.tokens[head]
        deprel = tok.deprel
        if deprel == "appos" and tok.head >= 0:
            return self._acts(sentence, tok.head)
        if deprel == "conj" and tok.head >= 0:
            return self._acts(sentence, tok.head)
        if deprel == "compound":
            governor = sentence.tokens[tok.head]
            return self.lex.has("institution_noun", governor.lemma.lower())
        cases = [c.lemma.lower() for c in sentence.children(head) if c.deprel in {"case"}]
        if cases and tok.head >= 0:
            governor = sentence.tokens[tok.head]
            pos = "NOUN" if governor.upos in {"NOUN", "PROPN"} else governor.upos
            if any(cases[0] in cue.objects for cue in self.lex.lookup(governor.lemma.lower(),
                                                                        pos)):
                return True  # "lashed out at Washington", "talks with Moscow": an argument
        if any(self.lex.has("place_case", c) for c in cases):
            return False
        if cases and tok.head >= 0:
            governor = sentence.tokens[tok.head]
            if cases[0] in {"to", "from", "for"} and self.lex.has(
                "motion_word", governor.lemma.lower()
            ):
                return False
        if deprel in {"obj"} and tok.head >= 0 and self.lex.has(
            "motion_word", sentence.tokens[tok.head].lemma.lower()
        ):
            return False
        if deprel == "obl:npmod" and tok.head >= 0 and sentence.tokens[tok.head].xpos == "VBN":
            return True  # "Moscow-backed candidate", "Beijing-brokered deal"
        return deprel not in {"obl:tmod", "obl:npmod", "nummod"}

    def _gazetteer_matches(self, sentence: Sentence, covered: set[int]) -> None:
        tokens = sentence.tokens
        n = len(tokens)
        i = 0
        while i < n:
            if i in covered or i in self.result.by_sentence[sentence.index]:
                i += 1
                continue
            start_word = tokens[i].text
            if start_word.lower() == "the" and i + 1 < n:
                start_word = tokens[i + 1].text
            if not self.gaz.may_start_name(start_word):
                i += 1
                continue
            matched = False
            for size in range(min(self.gaz.max_name_tokens, n - i), 0, -1):
                window = list(range(i, i + size))
                if any(j in covered for j in window):
                    continue
                first = tokens[window[0]]
                if not (first.text[:1].isupper() or first.lemma.lower() == "the"):
                    continue
                if first.lemma.lower() == "the" and size == 1:
                    continue
                text = _clean_name(self._span_text(sentence, window))
                if not text or (not text[0].isupper() and not text.lower().startswith("the ")):
                    continue
                members = [j for j in window if tokens[j].upos not in {"DET", "PUNCT"}]
                if not members:
                    continue
                head = self._head_of(sentence, members)
                found, kind = self.gaz.lookup_name(text), "name"
                if found is None and size == 1:
                    found, kind = self.gaz.lookup_capital(text), "capital"
                    if found is not None and not self._acts(sentence, head):
                        found = None
                if found is None and size == 1 and tokens[i].upos in {"ADJ", "PROPN", "NOUN"}:
                    found, kind = self.gaz.lookup_demonym(text), "demonym"
                if found is None:
                    continue
                if kind == "name" and self._is_seat(text) and not self._acts(sentence, head):
                    continue
                if text.isupper() and len(text) <= 3 and tokens[i].upos not in {"PROPN", "NOUN"}:
                    continue  # "US" as a pronoun in all-caps copy
                self._register(ActorMention(sentence.index, head, tuple(members), found, kind,
                                            text), sentence)
                covered.update(window)
                i += size
                matched = True
                break
            if not matched:
                i += 1

    # -- coreference -----------------------------------------------------------------------
    def _recent(self, sentence: Sentence, before: int, want: set[str], lookback: int = 4,
                prefer_subject: bool = True) -> Actor | None:
        """The most recent actor of a type in `want`, preferring subjects."""
        candidates = [
            (m, deprel) for m, deprel in self.history
            if m.actor.type in want
            and sentence.index - lookback <= m.sentence
            and (m.sentence < sentence.index or m.head < before)
            and m.kind != "demonym"
        ]
        if not candidates:
            return None
        # Reading order: names found by the entity pass and pronouns resolved after it are
        # registered in separate passes over the same sentence.
        candidates.sort(key=lambda pair: (pair[0].sentence, pair[0].head))
        if prefer_subject:
            # Within the current sentence the latest earlier subject; else the subject of the
            # most recent sentence that had one.
            for m, deprel in reversed(candidates):
                if deprel in SUBJECT_DEPRELS:
                    return m.actor
        return candidates[-1][0].actor

    def _descriptions_and_pronouns(self, sentence: Sentence) -> None:
        by_token = self.result.by_sentence[sentence.index]
        for tok in sentence.tokens:
            if tok.i in by_token:
                continue
            lemma = tok.lemma.lower()
            text = tok.text.lower()
            actor: Actor | None = None
            kind = "pronoun"
            if tok.upos == "PRON" and (text in MALE_PRONOUNS or text in FEMALE_PRONOUNS):
                actor = self._recent(sentence, tok.i, {"person"})
            elif tok.upos == "PRON" and text in NEUTER_PRONOUNS and tok.deprel in (
                SUBJECT_DEPRELS | {"nmod:poss"}
            ) and not self._expletive(sentence, tok):
                actor = self._recent(sentence, tok.i, {"state", "organization", "bloc",
                                                       "group", "party"}, lookback=2)
            elif tok.upos in {"NOUN", "PROPN"} and "Plur" not in tok.feats and tok.xpos not in {
                "NNS", "NNPS"
            } and self._definite(sentence, tok):
                kind = "description"
                actor = self._describe(sentence, tok, lemma)
            if actor is not None:
                self._register(ActorMention(sentence.index, tok.i, (tok.i,), actor, kind,
                                            tok.text), sentence)

    # -- plural references ---------------------------------------------------------------
    def _coordination(self, sentence: Sentence, tok: Token) -> tuple[Actor, ...]:
        """The distinct actors of a coordination headed by `tok` ("China and the US")."""
        by_token = self.result.by_sentence[sentence.index]
        found: list[Actor] = []
        stack = [tok]
        while stack:
            current = stack.pop(0)
            mention = by_token.get(current.i)
            if mention is None or mention.kind == "pronoun":
                return ()  # "China and its partners": not a closed set of actors
            if mention.actor not in found:
                found.append(mention.actor)
            stack += [c for c in sentence.children(current.i) if c.deprel == "conj"]
        return tuple(found) if len(found) >= 2 else ()

    def _fits(self, actor: Actor, kind: str) -> bool:
        if kind == "person":
            return actor.type == "person"
        if kind == "state":
            return actor.type in {"state", "bloc"}  # "the two countries", "both powers"
        if kind == "actor":
            return actor.type in STATE_LIKE  # "the two rivals", "both allies"
        return True

    def _group_kind(self, lemma: str) -> str | None:
        for kind in ("state", "actor", "person", "any"):
            if self.lex.has(f"group_noun_{kind}", lemma):
                return kind
        return None

    def _numbered_group(self, sentence: Sentence, tok: Token) -> tuple[Actor, ...]:
        """ "the two countries", "both sides": the last set of actors of that kind named
        together in this or the two previous sentences, if it has exactly that many; failing
        that, the actors of that kind named in this and the previous sentence, if there are
        exactly that many."""
        if tok.upos not in ("NUM", "NOUN"):  # most tokens: no need to look further
            return ()
        children = sentence.children(tok.i)
        if tok.upos == "NUM" and tok.deprel != "nummod" and tok.lemma.lower() in GROUP_NUMBERS:
            kind: str | None = "any"  # "talks between the two"
            numbers = [GROUP_NUMBERS[tok.lemma.lower()]]
        elif tok.upos != "NOUN" or ("Plur" not in tok.feats and tok.xpos != "NNS"):
            return ()
        else:
            kind = self._group_kind(tok.lemma.lower())
            numbers = [GROUP_NUMBERS[c.lemma.lower()] for c in children
                       if c.lemma.lower() in GROUP_NUMBERS and c.deprel in {
                           "nummod", "det", "amod", "predet"}]
        if kind is None:
            return ()
        if len(numbers) != 1:
            return ()
        n = numbers[0]
        if not any(c.lemma.lower() == "both" or (
            c.deprel == "det" and c.lemma.lower() in {"the", "these", "those"}
        ) for c in children):
            return ()  # "two countries" is not a reference back
        for s, head, actors in reversed(self.sets):
            if s < sentence.index - 2:
                break
            if s == sentence.index and head >= tok.i:
                continue
            if all(self._fits(a, kind) for a in actors):
                if len(actors) == n:
                    return actors
                break  # the latest set named together has another size: ambiguous
        if kind == "any":
            kind = "actor"
        named: list[Actor] = []
        for index in (sentence.index - 1, sentence.index):
            if index < 0:
                continue
            for i, mention in sorted(self.result.by_sentence[index].items()):
                if index == sentence.index and i >= tok.i:
                    break
                if mention.kind in {"pronoun", "minted"} or not self._fits(mention.actor, kind) or (
                    mention.actor in named
                ) or self._place(self.doc.sentences[index], mention.head):
                    continue
                named.append(mention.actor)
        return tuple(named) if len(named) == n else ()

    def _place(self, sentence: Sentence, head: int) -> bool:
        """ "talks in Geneva": a place, not a party."""
        return any(c.deprel == "case" and self.lex.has("place_case", c.lemma.lower())
                   for c in sentence.children(head))

    def _plural_antecedent(self, sentence: Sentence, tok: Token) -> tuple[Actor, ...]:
        """ "they", "their": the latest plural subject of this or the previous sentence, when
        that subject is a set of actors or a bloc named by a plural ("the G7 countries")."""
        for s, head, actors in reversed(self.plural_subjects):
            if s < sentence.index - 1:
                break
            if s == sentence.index and head >= tok.i:
                continue
            return actors or ()
        return ()

    def _groups(self, sentence: Sentence) -> None:
        by_token = self.result.by_sentence[sentence.index]
        for tok in sentence.tokens:
            actors: tuple[Actor, ...] = ()
            mention = by_token.get(tok.i)
            if mention is not None and mention.head == tok.i and tok.deprel != "conj":
                actors = self._coordination(sentence, tok)
            elif mention is None and tok.upos == "PRON" and tok.text.lower() in PLURAL_PRONOUNS:
                actors = self._plural_antecedent(sentence, tok)
                if actors:
                    self.result.groups[(sentence.index, tok.i)] = actors
            elif mention is None:
                actors = self._numbered_group(sentence, tok)
                if actors:
                    self.result.groups[(sentence.index, tok.i)] = actors
            if len(actors) >= 2:
                self.sets.append((sentence.index, tok.i, actors))
            if tok.deprel in SUBJECT_DEPRELS and (
                "Plur" in tok.feats or tok.xpos in {"NNS", "NNPS"} or actors
            ):
                if not actors and tok.xpos in {"NNS", "NNPS"}:
                    # "the G7 countries", "NATO members": a bloc named by its members.
                    blocs = [m.actor for m in [mention, *(
                        by_token.get(c.i) for c in sentence.children(tok.i)
                        if c.deprel in {"compound", "amod"})]
                        if m is not None and m.actor.type in {"organization", "bloc"}]
                    if len(blocs) == 1:
                        actors = (blocs[0],)
                self.plural_subjects.append((sentence.index, tok.i, actors or None))

    def _expletive(self, sentence: Sentence, tok: Token) -> bool:
        """ "it was important to maintain ties", "it is clear that ...": no referent."""
        if tok.deprel != "nsubj" or tok.head < 0:
            return False
        governor = sentence.tokens[tok.head]
        clausal = {"xcomp", "ccomp", "csubj", "advcl"}
        return governor.upos in {"ADJ", "NOUN", "VERB"} and any(
            c.deprel in clausal for c in sentence.children(governor.i)
        ) and (any(c.deprel == "cop" for c in sentence.children(governor.i))
               or governor.lemma.lower() in {"seem", "appear", "remain", "take", "matter"})

    def _definite(self, sentence: Sentence, tok: Token) -> bool:
        return any(
            (c.deprel == "det" and c.lemma.lower() in {"the", "this", "that"})
            or (c.deprel == "nmod:poss" and c.upos == "PRON")
            for c in sentence.children(tok.i)
        )

    def _modifier_actor(self, sentence: Sentence, tok: Token) -> Actor | None:
        by_token = self.result.by_sentence[sentence.index]
        for child in sentence.children(tok.i):
            if child.deprel in {"amod", "compound", "nmod:poss"} and child.i in by_token:
                return by_token[child.i].actor
        return None

    def _describe(self, sentence: Sentence, tok: Token, lemma: str) -> Actor | None:
        if self.lex.has("group_description", lemma):
            if self._modifier_actor(sentence, tok) is not None:
                return None  # "the Russian government" is handled as an institution
            # "the alliance" with no modifier: the most recent organisation of that kind.
            return self._recent(sentence, tok.i, {"organization", "bloc"}, lookback=8,
                                prefer_subject=False)
        title = self._title_at(sentence, tok)
        if title is not None:
            if any(self.lex.has("former_word", c.lemma.lower()) for c in sentence.children(tok.i)):
                return None
            state = self._modifier_actor(sentence, tok)
            if state is None:
                # "the president": the leader mentioned most recently.
                for mention, _ in reversed(self.history):
                    person = mention.actor
                    if person.type == "person" and (
                        person.id in self.result.leaders or self.gaz.led_by(person.id, self.year)
                    ):
                        return person
                return None
            for person_id, org_id in reversed(list(self.result.leaders.items())):
                if state.id == org_id:
                    return self.result.actors.get(person_id)
            if state is not None:
                # "the Russian president" after "Putin": a person known to have led that state.
                for mention, _ in reversed(self.history):
                    if mention.actor.type == "person" and state.id in self.gaz.led_by(
                        mention.actor.id, self.year
                    ):
                        return mention.actor
        return None

    def _title_at(self, sentence: Sentence, tok: Token) -> str | None:
        lemma = tok.lemma.lower()
        previous = sentence.tokens[tok.i - 1].lemma.lower() if tok.i > 0 else ""
        if self.lex.has("leader_title", f"{previous} {lemma}"):
            return f"{previous} {lemma}"
        if self.lex.has("leader_title", lemma) and lemma not in {"head", "chief"} and not (
            lemma == "chancellor" and tok.text.islower()  # "UK chancellor": finance minister
        ):
            return lemma
        return None

    # -- titles: leader_of and member_of ------------------------------------------------------
    def _titles(self, sentence: Sentence) -> None:
        by_token = self.result.by_sentence[sentence.index]
        persons = {m.head: m for m in by_token.values() if m.actor.type == "person"
                   and m.kind == "person"}
        for head, mention in persons.items():
            start = min(mention.tokens)
            window = list(range(max(0, start - 7), start))
            self._leader_from_window(sentence, mention, window)
            tok = sentence.tokens[head]
            # Appositions: "Ariel Sharon, the Israeli prime minister" / "the Prime Minister,
            # Mr Viktor Chernomyrdin".
            related = [c for c in sentence.children(head) if c.deprel == "appos"]
            if tok.deprel == "appos" and tok.head >= 0:
                related.append(sentence.tokens[tok.head])
            for other in related:
                if self._title_at(sentence, other) is not None:
                    span = [c.i for c in sentence.children(other.i) if c.deprel in {
                        "amod", "compound", "nmod:poss", "case", "det"}] + [other.i]
                    self._leader_from_window(sentence, mention, sorted(span))
        self._members(sentence)

    def _leader_from_window(self, sentence: Sentence, person: ActorMention,
                            window: list[int]) -> None:
        tokens = sentence.tokens
        # Only the run of modifiers right before the name: stop at verbs and punctuation.
        run: list[int] = []
        for i in reversed(window):
            if tokens[i].upos in {"VERB", "AUX", "PUNCT", "ADP", "SCONJ", "CCONJ"} and tokens[
                i
            ].text not in {".", "-"}:
                break
            run.insert(0, i)
        if any(self.lex.has("former_word", tokens[i].lemma.lower()) for i in run):
            return
        run = [i for i in run if tokens[i].text not in {"-", "–"}]  # "Secretary-General"
        lemmas = [tokens[i].lemma.lower() for i in run]
        title = None
        for i in run:
            two = " ".join(lemmas[run.index(i):run.index(i) + 2])
            if self.lex.has("leader_title", two) or (
                self.lex.has("leader_title", tokens[i].lemma.lower())
                and tokens[i].lemma.lower() not in {"head", "chief"}
                and not (tokens[i].lemma.lower() == "chancellor" and tokens[i].text.islower())
            ):
                title = two if self.lex.has("leader_title", two) else tokens[i].lemma.lower()
                break
        by_token = self.result.by_sentence[sentence.index]
        if title is None:
            for i in run:
                if tokens[i].lemma.lower() == "counterpart" and any(
                    c.deprel == "nmod:poss" and c.i in by_token
                    and by_token[c.i].actor.id in self.result.leaders
                    for c in sentence.children(i)
                ):
                    title = "counterpart"
        if title is None:
            return
        organizations = [by_token[i].actor for i in run if i in by_token
                         and by_token[i].actor.type != "person"]
        if not organizations:
            # "President Viktor Yushchenko": the office is named but not the country.
            self.untitled.setdefault(person.actor.id, (person.actor, sentence.index,
                                                       " ".join(tokens[i].text for i in run)))
            return
        org = organizations[-1]
        self.result.leaders[person.actor.id] = org.id
        self.result.leader_facts.append(
            LeaderFact(person.actor, org, sentence.index, " ".join(tokens[i].text for i in run))
        )

    def _members(self, sentence: Sentence) -> None:
        """member_of: "NATO member Poland", "Sweden became a member of NATO", "Finland
        joined NATO", "the G8, which comprises the G7 and Russia", "Bush and other NATO
        leaders", "the UK's presidency of the G8"; "non-NATO member" is negated."""
        by_token = self.result.by_sentence[sentence.index]
        organizations = {"organization", "bloc"}

        def actor(i: int) -> Actor | None:
            mention = by_token.get(i)
            return mention.actor if mention is not None else None

        def group_of(tok: Token) -> Actor | None:
            modifiers = sentence.children(tok.i)
            if tok.deprel == "compound" and tok.head >= 0:  # "non-NATO member leader"
                modifiers += sentence.children(tok.head)
            for c in modifiers:
                found = actor(c.i)
                cases = [k.lemma.lower() for k in sentence.children(c.i) if k.deprel == "case"]
                if found is not None and found.type in organizations and (
                    c.deprel in {"compound", "amod"}
                    or (c.deprel == "nmod" and cases in ([], ["of"]))
                ):
                    return found
            return None

        def coordinated(i: int) -> list[Actor]:
            found = [actor(i)] + [actor(c.i) for c in sentence.children(i) if c.deprel in {
                "conj", "appos"}]
            if found[0] is None:  # "He is the only non-NATO member leader"
                found += [actor(c.i) for c in sentence.children(i) if c.deprel == "nsubj"]
            return [a for a in found if a is not None]

        def state_of(member: Actor) -> Actor:
            led = self.result.leaders.get(member.id)
            return self.result.actors.get(led, member) if led else member

        def add(member: Actor, group: Actor, cue: str, negated: bool = False) -> None:
            member = state_of(member)
            if member.id != group.id and member.type == "state":
                self.result.member_facts.append(
                    MemberFact(member, group, sentence.index, cue, negated))

        tokens = sentence.tokens
        for tok in tokens:
            lemma = tok.lemma.lower()
            if lemma == "member":
                group = group_of(tok)
                if group is None:
                    continue
                before = " ".join(t.text.lower() for t in tokens[max(0, tok.i - 3):tok.i])
                negated = "non" in before.replace("-", " ").split()
                candidates: list[int] = []
                if tok.deprel == "compound" and tok.head >= 0:
                    candidates.append(tok.head)  # "NATO member Poland"
                if tok.deprel == "appos" and tok.head >= 0:
                    candidates.append(tok.head)  # "Poland, a NATO member"
                candidates += [c.i for c in sentence.children(tok.i)
                               if c.deprel in {"nsubj", "appos"}]  # "X is a member of Y"
                governor = tokens[tok.head] if tok.head >= 0 else None
                if governor is not None and tok.deprel == "xcomp":
                    candidates += [c.i for c in sentence.children(governor.i)
                                   if c.deprel == "nsubj"]  # "Sweden became a member of NATO"
                if governor is not None and tok.deprel == "nmod":
                    candidates += [governor.i]  # "the only non-NATO member leader"
                for i in candidates:
                    for member in coordinated(i):
                        add(member, group, tok.text, negated)
            elif lemma in {"join", "comprise", "include"} and tok.upos == "VERB":
                objects = [c.i for c in sentence.children(tok.i) if c.deprel == "obj"]
                subjects = [c.i for c in sentence.children(tok.i) if c.deprel == "nsubj"]
                if lemma == "join":
                    for o in objects:
                        group = actor(o)
                        if group is not None and group.type in organizations:
                            for s in subjects:
                                for member in coordinated(s):
                                    add(member, group, tok.text)
                    continue
                holder = [actor(s) for s in subjects]
                if tok.deprel == "acl:relcl" and tok.head >= 0:
                    holder.append(actor(tok.head))  # "the G8, which comprises ..."
                group = next((a for a in holder if a is not None and a.type in organizations),
                             None)
                if group is not None:
                    for o in objects:
                        for member in coordinated(o):
                            add(member, group, tok.text)
            elif lemma == "presidency" or (
                lemma in {"leader", "minister", "partner", "ally"}
                and any(c.deprel == "amod" and c.lemma.lower() in {"other", "fellow"}
                        for c in sentence.children(tok.i) + [  # "other NATO leaders",
                            g for m in sentence.children(tok.i)  # parsed either way
                            for g in sentence.children(m.i)])
            ):
                group = group_of(tok)
                if group is None:
                    continue
                if lemma == "presidency":
                    for c in sentence.children(tok.i):
                        if c.deprel == "nmod:poss" and actor(c.i) is not None:
                            add(actor(c.i), group, tok.text)  # "the UK's presidency of the G8"
                    continue
                if tok.deprel == "conj" and tok.head >= 0:
                    for member in coordinated(tok.head):  # "Bush and other NATO leaders"
                        add(member, group, tok.text)


def resolve_actors(doc: ParsedDoc, gazetteer: Gazetteer | None = None,
                   lexicon: Lexicon | None = None,
                   config: ExtractionConfig = DEFAULT_CONFIG) -> ArticleActors:
    """The actor stage: find and resolve every actor mention of a parsed article."""
    resolver = ArticleResolver(doc, gazetteer or default_gazetteer(), lexicon or default_lexicon(),
                               config)
    return resolver.resolve()

