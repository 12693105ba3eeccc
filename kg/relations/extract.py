"""Extract stance relation mentions from a parsed article with resolved actors.

Each cue of the lexicon (a verb, noun, adjective or preposition) is looked up on the UD parse;
its frame says where the subject and object are (subject/object of a verb, possessor and
prepositional complement of a noun, subject of a copula or light verb, ...). Arguments are
expanded over coordination and resolved to actors, directly or through what they stand for
("Russia's refusal", "NATO membership", "Mr Brown's plan"). Each mention gets negation,
modality, attribution (source) and its evidence sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kg.actors.resolve import ActorMention, ArticleActors, resolve_actors
from kg.model import Actor, Evidence, Extraction, ParsedDoc, RelationMention, Sentence, Token
from kg.relations.lexicon import Cue, Lexicon, default_lexicon

NOMINAL = {"NOUN", "PROPN", "PRON", "NUM", "X"}
VERBAL = {"VERB", "AUX"}
CLAUSE_LINKS = {"xcomp", "ccomp", "advcl", "acl", "acl:relcl", "conj", "parataxis", "csubj"}


# Criticism found by characterisation rather than by a cue word of the lexicon.
EVALUATION_CUE = Cue(lemma="(negative evaluation)", particle=None, pos="ANY",
                     predicate="criticizes", objects=(), flags=frozenset(), confidence=0.6,
                     line=0)

REJECTION_CUE = Cue(lemma="(rejecting evaluation)", particle=None, pos="ANY",
                    predicate="opposes", objects=(), flags=frozenset(), confidence=0.6, line=0)

DEMAND_CUE = Cue(lemma="(reported obligation)", particle=None, pos="ANY", predicate="demands",
                 objects=(), flags=frozenset(), confidence=0.55, line=0)
DEFINITE = {"the", "this", "that", "these", "those"}
ANTECEDENT_WINDOW = 2  # sentences back for "the drills", "the decision"
ANTECEDENT_WINDOW_VERB = 6  # for "the decision to close X", which names its verb
RELATIONAL_ROLES = {"ally", "partner", "neighbour", "neighbor", "rival", "enemy", "foe", "backer",
                    "patron", "friend", "adversary"}


@dataclass(frozen=True)
class Frame:
    """Subjects, objects and the cue token of one candidate relation."""

    subjects: tuple[Actor, ...]
    objects: tuple[Actor, ...]
    via_reference: bool  # an argument came through a pronoun, description or pass-through


class SentenceExtractor:
    """Applies the lexicon to one sentence."""

    def __init__(self, doc: ParsedDoc, actors: ArticleActors, sentence: Sentence,
                 lexicon: Lexicon) -> None:
        self.doc = doc
        self.actors = actors
        self.sentence = sentence
        self.tokens = sentence.tokens
        self.lex = lexicon
        self.mentions = actors.by_sentence[sentence.index]
        self._kids = sentence.children_by_head
        self._co_owners: dict[str, set[str]] = {}

    # -- tree helpers --------------------------------------------------------------------
    def kids(self, i: int, *deprels: str) -> list[Token]:
        found = self._kids.get(i, [])
        return [t for t in found if t.deprel in deprels] if deprels else found

    def head(self, tok: Token) -> Token | None:
        return self.tokens[tok.head] if tok.head >= 0 else None

    def case_of(self, tok: Token) -> str | None:
        cases = [c for c in self.kids(tok.i) if c.deprel == "case" and c.upos in {"ADP", "VERB"}]
        if not cases:
            return None
        first = cases[0]
        fixed = [f.lemma.lower() for f in self.kids(first.i, "fixed")]
        return " ".join([first.lemma.lower(), *fixed]) if fixed else first.lemma.lower()

    def conjuncts(self, tok: Token) -> list[Token]:
        """The token and everything coordinated with it ("NATO and European countries")."""
        result = [tok]
        for child in self.kids(tok.i):
            if child.deprel == "conj" and (child.upos in NOMINAL or child.upos == "ADJ"):
                result.extend(self.conjuncts(child))
            elif child.deprel == "appos" and self.actor_at(tok.i) is not None and (
                self.actor_at(child.i) is not None
                and self.actor_at(child.i).actor != self.actor_at(tok.i).actor
                and self.actor_at(child.i).actor.type != "person"
            ):
                result.extend(self.conjuncts(child))  # "the U.S., the UN, and the EU"
        return result

    # -- actors of an argument -------------------------------------------------------------
    def actor_at(self, i: int) -> ActorMention | None:
        return self.mentions.get(i)

    def actors_of(self, tok: Token, depth: int = 0) -> tuple[list[Actor], bool]:
        """Actors an argument token stands for, and whether that took a reference step."""
        found: list[Actor] = []
        via = False
        for member in self.conjuncts(tok):
            actors, indirect = self._actors_of_one(member, depth)
            found.extend(a for a in actors if a not in found)
            via = via or indirect
        return found, via

    def _actors_of_one(self, tok: Token, depth: int) -> tuple[list[Actor], bool]:
        mention = self.actor_at(tok.i)
        if mention is not None and mention.kind == "minted":
            # "Mr Brown's International Finance Facility": a stance towards the owner's plan.
            for child in self.kids(mention.head, "nmod:poss"):
                owner = self.actor_at(child.i)
                if owner is not None and owner.actor != mention.actor:
                    return [owner.actor], True
        if mention is not None and mention.kind != "demonym":
            return [mention.actor], mention.kind in {"pronoun", "description"}
        group = self.actors.groups.get((self.sentence.index, tok.i))
        if group:
            return list(group), True  # "the two countries", "they" after "X and Y"
        if self._reciprocal(tok):
            # "X and Y accused each other": the clause's own subjects, each towards the others.
            governor = self.head(tok)
            if governor is not None and tok.deprel in {"obl", "nmod"} and governor.upos in (
                NOMINAL
            ):
                governor = self.head(governor)  # "held talks with each other"
            if governor is not None and depth == 0:
                subjects = (self.verb_subjects(governor) if governor.upos in VERBAL
                            else self.noun_subjects(governor))
                actors, _ = self._resolve([t for t in subjects if t.i != tok.i])
                if len(actors) >= 2:
                    return actors, True
            return [], False
        if mention is not None and mention.kind == "demonym" and tok.upos in NOMINAL:
            return [mention.actor], False  # "the Russians", "Palestinians"
        if tok.lemma.lower() in {"that", "which", "who"} and tok.upos == "PRON":
            governor = self.head(tok)
            if governor is not None and governor.deprel == "acl:relcl":
                noun = self.head(governor)
                if noun is not None:
                    actors, _ = self.actors_of(noun, depth)
                    return actors, True
        if tok.upos == "PRON" and tok.text.lower() in {"we", "us", "our", "ours"}:
            speaker = self.source(tok)  # "we" in reported speech: the speaker's side
            if speaker is not None:
                led = self.actors.leaders.get(speaker.id)
                return [self.actors.actors.get(led, speaker) if led else speaker], True
            return [], False
        if depth >= 2 or tok.upos not in NOMINAL | {"ADJ"}:
            return [], False
        # A role noun with a named apposition: "his Israeli counterpart, Ariel Sharon".
        for child in self.kids(tok.i, "appos"):
            named = self.actor_at(child.i)
            if named is not None and named.kind != "demonym":
                return self.actors_of(child, depth + 1)[0], False
        # Pass-through: an institution, policy or attribute stands for its owner. A named
        # owner first, then a modifier ("his EU counterparts" are the EU's), then a pronoun.
        owners = [c for c in self.kids(tok.i) if c.deprel in {"nmod:poss", "compound", "amod"}
                  or (c.deprel == "nmod" and self.case_of(c) is None)]  # spaCy's bare nmod
        # "the UK's (pounds) 3bn rebate from the EU": a possessor the parser hung on a
        # pre-nominal modifier, or on a modifier of one, owns the whole phrase, before any
        # 'from' phrase (the giver, not the owner).
        owners += [p for c in owners if c.deprel in {"compound", "amod"} and c.i < tok.i
                   for m in [c, *self.kids(c.i, "compound", "amod", "nummod")]
                   for p in self.kids(m.i, "nmod:poss")]
        owners.sort(key=lambda c: (c.upos == "PRON", c.deprel != "nmod:poss"))
        for child in owners:
            owner = self.actor_at(child.i)
            if owner is not None and owner.kind == "demonym" and (
                self.lex.has("nonstate_people", tok.lemma.lower())
                or self.lex.has("nonstate_people", tok.text.lower())
            ):
                continue  # "Iranian protesters" are not Iran
            if owner is not None:
                return [owner.actor], True
            if child.deprel == "nmod:poss":
                actors, _ = self.actors_of(child, depth + 1)
                if actors:
                    return actors, True
        relational = tok.lemma.lower() in {"relation", "tie", "relationship", "contact"}
        for child in self.kids(tok.i, "nmod", "acl"):
            if child.deprel == "nmod" and self.case_of(child) in (
                {"with"} if relational else {"of", "by", "from"}
            ):
                actors, _ = self.actors_of(child, depth + 1)
                if actors:
                    return actors, True
            if child.deprel == "acl":  # "a resolution drafted by the United States"
                for agent in self.kids(child.i, "obl:agent"):
                    actors, _ = self.actors_of(agent, depth + 1)
                    if actors:
                        return actors, True
        if depth == 0 and not self.kids(tok.i, "nmod:poss", "nmod"):
            found = self.antecedent_owners(tok)
            if found:
                for actor in found:  # joint owners: no stance of one owner on the other
                    self._co_owners.setdefault(actor.id, set()).update(a.id for a in found)
                return list(found), True
        return [], False

    # -- owners of a definite act named earlier ---------------------------------------------
    def _act_noun(self, tok: Token) -> bool:
        return tok.upos == "NOUN" and any(
            self.lex.has(role, word) for role in ("plan_noun", "act_noun")
            for word in (tok.lemma.lower(), tok.text.lower()))

    def _nominalizations(self, noun: str) -> set[str]:
        """Verb lemmas whose act the noun names ('decide' for 'decision')."""
        verbs = {noun}
        for pair in self.lex.words.get("act_verb_noun", frozenset()):
            verb, _, nominal = pair.partition(">")
            if nominal == noun:
                verbs.add(verb)
        return verbs

    def antecedent_owners(self, tok: Token) -> tuple[Actor, ...]:
        """Owners of 'the drills', 'the decision (to V)' named earlier: the agents of the
        latest mentions of the same noun, of its verb, or of the verb V, within a short
        window. Nothing when those mentions name different owners."""
        if not self._act_noun(tok) or not any(
            c.deprel == "det" and c.lemma.lower() in DEFINITE for c in self.kids(tok.i)
        ):
            return ()
        noun = tok.lemma.lower()
        verbs = self._nominalizations(noun)
        named_verbs = {c.lemma.lower() for c in self.kids(tok.i, "acl")
                       if c.upos == "VERB"}  # "the decision to close the crossing"
        window = ANTECEDENT_WINDOW_VERB if named_verbs else ANTECEDENT_WINDOW
        found: set[tuple[Actor, ...]] = set()
        first = max(0, self.sentence.index - window)
        for index in range(self.sentence.index, first - 1, -1):
            other = (self if index == self.sentence.index else
                     SentenceExtractor(self.doc, self.actors, self.doc.sentences[index],
                                       self.lex))
            for cand in other.tokens:
                if index == self.sentence.index and cand.i >= tok.i:
                    break
                owners = other._agents_of_act(cand, noun, verbs, named_verbs)
                if owners is not None:
                    found.add(owners)
        if len(found) != 1:
            return ()
        return next(iter(found))

    def _agents_of_act(self, cand: Token, noun: str, verbs: set[str],
                       named_verbs: set[str]) -> tuple[Actor, ...] | None:
        """Who performs the act a candidate token names; None when it names no such act
        or no agent; an empty tuple when the agent is not an actor."""
        lemma = cand.lemma.lower()
        agents: list[Token] = []
        if named_verbs:
            if cand.upos == "VERB" and lemma in named_verbs:
                agents = self.verb_subjects(cand)
        elif cand.upos == "VERB" and lemma in verbs:
            agents = self.verb_subjects(cand)
        elif cand.upos == "NOUN" and lemma == noun:
            if any(c.deprel == "det" and c.lemma.lower() in DEFINITE for c in self.kids(cand.i)):
                return None  # an earlier reference to the same act
            agents = [c for c in self.kids(cand.i) if c.deprel == "nmod:poss"] or [
                c for c in self.kids(cand.i, "nmod") if self.case_of(c) in {"of", "by"}]
            governor = self.head(cand)
            if not agents and governor is not None and governor.upos in VERBAL:
                if cand.deprel == "obj":
                    agents = self.verb_subjects(governor)
                elif cand.deprel == "nsubj:pass":
                    agents = self.kids(governor.i, "obl:agent")
                if agents:  # "signed a deal with Iran": a joint act has both parties
                    agents += self.prep_objects(cand, {"with"})
                    if cand.deprel == "obj":
                        agents += self.prep_objects(governor, {"with"})
        if not agents:
            return None
        actors, _ = self._resolve(agents)
        return tuple(actors)

    # -- subjects ------------------------------------------------------------------------
    def verb_subjects(self, verb: Token, seen: frozenset[int] = frozenset()) -> list[Token]:
        """Subject tokens of a verb or predicate, following control and coordination."""
        if verb.i in seen:
            return []
        seen = seen | {verb.i}
        subjects = [self._named_by_relation(c) for c in self.kids(verb.i)
                    if c.deprel in {"nsubj", "csubj"}]
        if subjects:
            return subjects
        governor = self.head(verb)
        if governor is None:
            return []
        if verb.deprel == "xcomp":
            if self.lex.has("object_control", governor.lemma.lower()):
                objects = self.kids(governor.i, "obj")
                if objects:
                    return objects
            return self.verb_subjects(governor, seen)
        if verb.deprel == "conj":
            return self.verb_subjects(governor, seen)
        if verb.deprel in {"advcl"} and verb.upos == "VERB":
            if any(m.deprel == "mark" and m.lemma.lower() in {"as", "of", "for"}
                   for m in self.kids(verb.i)):
                # "quoted Mr Yeltsin as saying", "accused Washington of attempting",
                # "thanked Russia for supporting": the object is the one acting.
                quoted = self.kids(governor.i, "obj")
                if quoted:
                    return quoted
            subjects = self.verb_subjects(governor, seen)
            outer = self.head(governor)
            if governor.deprel == "ccomp" and outer is not None and not self.kids(
                verb.i, "mark"
            ) and self.lex.has("speech_verb", outer.lemma.lower()) and not any(
                self.actors_of(t)[0] for t in subjects
            ):
                # "said that all options are open, calling X to ...": the participle belongs
                # to the speaker, the parser hung it on the reported clause.
                return self.verb_subjects(outer, seen)
            return subjects
        if verb.deprel in {"acl", "acl:relcl"} and governor.upos in NOMINAL:
            if verb.deprel == "acl" and self.lex.has("negating_noun", governor.lemma.lower()):
                # "Russia's refusal to accept NATO membership"
                owners = self.kids(governor.i, "nmod:poss")
                if owners:
                    return owners
            if verb.deprel == "acl:relcl":
                return [governor]
            if verb.deprel == "acl":
                # "issued an order imposing sanctions", "Norway's decision to expel diplomats"
                return self.noun_subjects(governor)
        return []

    def _named_by_relation(self, tok: Token) -> Token:
        """ "Belarus' main ally Russia": the named ally, not the possessor, is the subject."""
        for role in self.kids(tok.i, "appos"):
            if role.lemma.lower() in RELATIONAL_ROLES:
                for named in self.kids(role.i):
                    if named.deprel in {"appos", "compound", "flat"} and self.actor_at(
                        named.i
                    ) is not None:
                        return named
        return tok

    def noun_subjects(self, noun: Token, poss_is_object: bool = False,
                      compound_is_object: bool = False) -> list[Token]:
        """Who holds a nominal cue: its possessor, 'from'/'by' phrase, or a governing clause."""
        owners = [c for c in self.kids(noun.i) if c.deprel == "nmod:poss"]
        if owners and not poss_is_object:
            return owners
        if self.kids(noun.i, "cop") or self.kids(noun.i, "nsubj"):
            return self.verb_subjects(noun)  # "Orbán is the only EU leader opposing ..."
        for child in self.kids(noun.i, "nmod"):
            if self.case_of(child) in {"from", "by"}:
                return [child]
        # "wants closer EU links": a compound on a relational noun is the partner, not the holder
        modifiers = [c for c in self.kids(noun.i) if c.deprel in (
            {"amod"} if compound_is_object else {"amod", "compound"})
                     and self.actor_at(c.i) is not None]
        if modifiers:
            return modifiers
        governor = self.head(noun)
        if governor is None:
            return []
        if governor.upos in VERBAL and (
            self.case_of(noun) == "as" or noun.deprel == "xcomp"
        ) and self.lex.has("characterize_verb", governor.lemma.lower()):
            # "described the actions of Western nations as a direct threat", "NATO is seen as
            # a threat", "called the drills an invasion rehearsal": the thing characterised.
            characterised = self.kids(governor.i, "obj") or self.kids(governor.i, "nsubj:pass")
            if characterised:
                return characterised
        if noun.deprel in {"obj", "xcomp", "obl"} and governor.upos in VERBAL | {"ADJ"}:
            return self.verb_subjects(governor)
        if noun.deprel == "appos" and governor.upos in NOMINAL:
            return [governor]
        if noun.deprel == "nmod" and self.case_of(noun) == "of" and governor.lemma.lower() in {
            "one", "some", "many", "among", "most"
        }:
            return self.noun_subjects(governor)  # "one of Kyiv's staunchest supporters"
        if noun.deprel == "conj":
            # "EU membership or cooperation with Europe": share the first conjunct's holder
            # only when it is a real holder (possessor or clause subject), not a modifier.
            owners = self.kids(governor.i, "nmod:poss")
            if owners:
                return owners
            outer = self.head(governor)
            if outer is not None and governor.deprel in {"obj", "obl"} and outer.upos in VERBAL:
                return self.verb_subjects(outer)
            return []
        return []

    # -- objects -------------------------------------------------------------------------
    def prep_objects(self, tok: Token, preps: set[str]) -> list[Token]:
        return [c for c in self.kids(tok.i) if c.deprel in {"obl", "nmod", "obl:npmod"}
                and self.case_of(c) in preps]

    def cue_objects(self, cue: Cue, tok: Token, passive: bool) -> list[Token]:
        found: list[Token] = []
        preps = {o for o in cue.objects if o not in {"obj", "ccomp", "poss", "compound"}}
        if "obj" in cue.objects:
            if passive:
                found += [c for c in self.kids(tok.i) if c.deprel == "nsubj:pass"]
            else:
                found += [c for c in self.kids(tok.i) if c.deprel in {"obj", "iobj"}]
        if "ccomp" in cue.objects and not found:
            for clause in self.kids(tok.i, "ccomp"):
                found += [c for c in self.kids(clause.i) if c.deprel in {"nsubj", "nsubj:pass"}]
        if preps:
            found += self.prep_objects(tok, preps)
        if "compound" in cue.objects and not found:
            bare = [c for c in self.kids(tok.i) if c.deprel == "compound"
                    or (c.deprel == "nmod" and self.case_of(c) is None)]
            found += [c for c in bare if self.actor_at(c.i) is not None
                      and self.actor_at(c.i).kind != "pronoun"]
        if "poss" in cue.objects and not found:
            found += [c for c in self.kids(tok.i) if c.deprel == "nmod:poss"]
        if cue.pos == "NOUN" and not found and preps:
            # A parser often attaches the noun's PP to the verb: "brought Russia's criticism
            # this week of NATO plans". Take a PP that follows the noun closely.
            governor = self.head(tok)
            if governor is not None:
                found += [c for c in self.prep_objects(governor, preps)
                          if 0 < c.i - tok.i <= 5 and self.case_of(c) != "with"]
            # "imposed sanctions on X": the PP can attach to the light verb.
            if not found and governor is not None and tok.deprel in {"obj", "nsubj:pass"} and (
                self.lex.has("light_verb", governor.lemma.lower())
            ):
                found += self.prep_objects(governor, preps)
        return found

    def _reciprocal(self, tok: Token) -> bool:
        """ "each other", "one another" """
        pairs = {"other": "each", "another": "one", "one": "another"}
        partner = pairs.get(tok.lemma.lower())
        return partner is not None and any(c.lemma.lower() == partner for c in self.kids(tok.i))

    def between(self, tok: Token) -> list[Token]:
        found = [c for c in self.kids(tok.i) if c.deprel in {"nmod", "obl"}
                 and self.case_of(c) == "between"]
        if not found and tok.upos in {"NOUN", "PROPN"}:
            # "negotiations held in Geneva between the two powers": the PP of a participle.
            for clause in self.kids(tok.i, "acl"):
                found += [c for c in self.kids(clause.i) if c.deprel in {
                    "nmod", "obl", "obl:agent"} and self.case_of(c) == "between"]
        return found

    # -- the cue frames ------------------------------------------------------------------
    def is_passive(self, tok: Token) -> bool:
        return bool(self.kids(tok.i, "aux:pass", "nsubj:pass")) or (
            tok.deprel in {"acl", "amod"} and tok.xpos == "VBN"
        )

    def frames(self, cue: Cue, tok: Token) -> Iterator[Frame]:
        via = False
        governor = self.head(tok)
        if cue.pos == "NOUN" and tok.deprel == "obj" and governor is not None and cue.predicate in {
            "cooperates_with", "engages_with", "supports", "accepts"
        } and any(c.predicate in {"sanctions", "opposes"} for c in self.cues_at(governor)):
            return  # "cut diplomatic ties with Iran": the verb's stance, not the noun's
        if "person_object" in cue.flags and not any(
            self.actor_at(c.i) is not None and self.actor_at(c.i).actor.type == "person"
            for c in self.kids(tok.i, "obj")
        ):
            return  # "visited Xi" is a meeting; "visited Moscow" names a place
        if "no_visitor" in cue.flags and any(
            self.lex.has("visitor_noun", c.lemma.lower()) or (
                self.actor_at(c.i) is not None and self.actor_at(c.i).actor.type == "person")
            for c in self.kids(tok.i, "obj", "nsubj:pass")
        ):
            return  # "welcomed the Chinese delegation" receives visitors; it accepts nothing
        if "aid_object" in cue.flags and not any(
            self.lex.has("aid_noun", c.lemma.lower()) or self.lex.has("aid_noun", c.text.lower())
            for c in self.kids(tok.i, "obj")
        ):
            return
        if "to_clause" in cue.flags and not any(
            c.upos == "VERB" and not self.lex.has("call_purpose", c.lemma.lower())
            and any(a.lemma.lower() == "to" for a in self.kids(c.i, "aux", "mark"))
            for c in self.kids(tok.i, "xcomp")
        ):
            return  # "called Ethiopia to cooperate" is a demand; "called the plan naive" is not
        passive = cue.pos == "VERB" and self.is_passive(tok)
        if cue.pos == "VERB":
            if passive:
                subject_tokens = self.kids(tok.i, "obl:agent")
                if tok.deprel in {"amod", "acl"} and not subject_tokens:
                    subject_tokens = [c for c in self.kids(tok.i)
                                      if c.deprel in {"obl:npmod", "compound", "nmod", "obl"}
                                      and self.actor_at(c.i) is not None
                                      and c.i < tok.i]
            else:
                subject_tokens = self.verb_subjects(tok)
        elif cue.pos == "ADP":
            governor = self.head(tok)
            if governor is None or not self.kids(governor.i, "cop"):
                return
            subject_tokens = self.verb_subjects(governor)
            object_tokens = [governor]
            yield from self._combine(cue, tok, subject_tokens, object_tokens, False)
            return
        else:
            if cue.pos == "NOUN":
                subject_tokens = self.noun_subjects(
                    tok, "poss" in cue.objects, "compound" in cue.objects and cue.predicate in {
                        "cooperates_with", "engages_with"})
            else:
                subject_tokens = self.verb_subjects(tok) or self.kids(tok.i, "nsubj:pass")
        object_tokens = self.cue_objects(cue, tok, passive)
        if not object_tokens and cue.lemma in {"broker", "mediate"}:
            # "brokered a deal between X and Y": the mediator engages with each party.
            object_tokens = [b for o in self.kids(tok.i, "obj") for b in self.between(o)]
        if passive and tok.deprel in {"amod", "acl"} and not object_tokens:
            governor = self.head(tok)  # "Moscow-backed candidate X", "Iran-aligned Houthis"
            if governor is not None:
                object_tokens = [governor]
        between = self.between(tok)
        if between and ("symmetric" in cue.flags or "mutual" in cue.flags):
            parties: list[Actor] = []
            for b in between:
                actors, indirect = self.actors_of(b)
                parties.extend(a for a in actors if a not in parties)
                via = via or indirect
            if len(parties) >= 2:
                yield Frame(tuple(parties), tuple(parties), via)
                return
            if cue.lemma == "mediate" or cue.lemma == "broker":
                subjects, v1 = self._resolve(subject_tokens)
                yield Frame(tuple(subjects), tuple(parties), via or v1)
                return
        yield from self._combine(cue, tok, subject_tokens, object_tokens, via)

    def _resolve(self, tokens: list[Token]) -> tuple[list[Actor], bool]:
        actors: list[Actor] = []
        via = False
        for t in tokens:
            found, indirect = self.actors_of(t)
            actors.extend(a for a in found if a not in actors)
            via = via or indirect
        return actors, via

    def _combine(self, cue: Cue, tok: Token, subject_tokens: list[Token],
                 object_tokens: list[Token], via: bool) -> Iterator[Frame]:
        subjects, v1 = self._resolve(subject_tokens)
        if "mutual" in cue.flags:
            # States are the parties to a pact or deal, not the leader who announced it.
            subjects = [self.actors.actors.get(self.actors.leaders.get(a.id, ""), a)
                        for a in subjects]
        objects, v2 = self._resolve(object_tokens)
        if not subjects:
            return
        if not objects and ("symmetric" in cue.flags or "mutual" in cue.flags) and len(
            subjects
        ) >= 2:
            yield Frame(tuple(subjects), tuple(subjects), via or v1)
            return
        if not objects:
            return
        both = cue.pos == "NOUN" and ("mutual" in cue.flags or any(
            c.deprel == "amod" and c.lemma.lower() == "joint" for c in self.kids(tok.i)))
        if both:
            # Every signatory relates to every other: "a pact with Australia and Britain".
            parties = tuple(dict.fromkeys([*subjects, *objects]))
            yield Frame(parties, parties, via or v1 or v2)
            return
        yield Frame(tuple(subjects), tuple(objects), via or v1 or v2)

    # -- negation, modality, attribution ---------------------------------------------------
    def negated(self, tok: Token) -> bool:
        """Whether the act is denied: 'not', 'never', 'no X', 'refuse to'."""
        flips = 0
        current: Token | None = tok
        steps = 0
        while current is not None and steps < 4:
            steps += 1
            children = self.kids(current.i)
            if any(c.deprel in {"advmod", "neg", "det", "advmod:neg"} and self.lex.has(
                "negation", c.lemma.lower()) for c in children):
                flips += 1
            if current is not tok and (
                self.lex.has("negating_verb", current.lemma.lower())
                or self.lex.has("negating_noun", current.lemma.lower())
            ):
                flips += 1
            governor = self.head(current)
            # A copula or light verb governs the cue noun: "has no objection", "is not a threat".
            if governor is not None and current.deprel in {"xcomp", "acl", "advcl", "obj"} and (
                current.deprel != "obj" or self.lex.has("light_verb", governor.lemma.lower())
            ) and not (current.deprel == "advcl" and self.kids(current.i, "mark") and
                       self.kids(current.i, "mark")[0].lemma.lower() not in {"of", "to"}):
                current = governor
            elif governor is not None and current.deprel == "nmod" and self.case_of(
                current) in {"of"} and governor.upos == "NOUN":
                current = governor  # "no intention of invading"
            else:
                current = None
        return flips % 2 == 1

    def modality(self, tok: Token) -> str | None:
        if tok.upos in {"NOUN", "PROPN"}:
            if any(c.deprel == "amod" and self.lex.has("hypothetical_modifier", c.lemma.lower())
                   for c in self.kids(tok.i)):
                return "future"  # "upcoming talks"
            governor = self.head(tok)
            if governor is not None and tok.deprel in {"obj", "nsubj:pass"} and self.lex.has(
                "hypothetical_governor", governor.lemma.lower()
            ):
                return "hypothetical"  # "did not exclude talks", "proposed a deal"
        if tok.deprel == "xcomp" and tok.head >= 0 and self.kids(tok.head, "obj") and (
            self.lex.has("object_control", self.tokens[tok.head].lemma.lower())
        ):
            return "hypothetical"  # "urged Ethiopia to cooperate": asked for, not done
        current: Token | None = tok
        steps = 0
        while current is not None and steps < 4:
            steps += 1
            children = self.kids(current.i)
            for child in children:
                if child.deprel == "mark" and self.lex.has("condition_mark", child.lemma.lower()):
                    return "conditional"
                if child.deprel == "advcl" and current is tok and any(
                    m.deprel == "mark" and self.lex.has("condition_mark", m.lemma.lower())
                    for m in self.kids(child.i)
                ):
                    return "conditional"
            negated_here = any(self.lex.has("negation", c.lemma.lower()) for c in children
                               if c.deprel == "advmod")
            for child in children:
                lemma = child.lemma.lower()
                text = child.text.lower()
                if child.deprel in {"aux", "aux:pass"}:
                    if self.lex.has("future_aux", lemma) or self.lex.has("future_aux", text):
                        return "future"
                    if negated_here and lemma in {"can", "could", "ca"}:
                        continue  # "cannot support": a refusal, not a possibility
                    if self.lex.has("hypothetical_aux", lemma) or self.lex.has(
                        "hypothetical_aux", text
                    ):
                        return "hypothetical"
            governor = self.head(current)
            if governor is None or current.deprel not in {"xcomp", "conj", "obj", "acl"}:
                break
            if current.deprel == "obj" and not self.lex.has("light_verb", governor.lemma.lower()):
                break
            if current.deprel == "xcomp" and self.lex.has("future_verb", governor.lemma.lower()):
                return "future"
            if current.deprel == "xcomp" and self.lex.has("intention_verb",
                                                          governor.lemma.lower()):
                return None
            current = governor
        return None

    def clause_root(self, tok: Token) -> Token:
        current = tok
        while current.deprel in {"xcomp", "conj", "obj", "nmod", "obl", "acl", "amod",
                                 "compound", "advcl"} and current.head >= 0:
            current = self.tokens[current.head]
        return current

    def source(self, tok: Token) -> Actor | None:
        """The actor whose claim this is: the sayer of a reporting verb or 'according to X'."""
        current: Token | None = tok
        for _ in range(6):
            if current is None:
                return None
            root = self.clause_root(current)
            for child in self.kids(root.i):
                if child.deprel in {"obl", "nmod"} and self.case_of(child) in {
                    "according to", "accord to", "according"
                }:
                    actors, _ = self.actors_of(child)
                    if actors:
                        return actors[0]
                if child.deprel == "parataxis" and self.lex.has("speech_verb",
                                                               child.lemma.lower()):
                    actors, _ = self._resolve(self.verb_subjects(child))
                    if actors:
                        return actors[0]
            if root.deprel in {"ccomp", "parataxis"} and root.head >= 0:
                sayer = self.tokens[root.head]
                if self.lex.has("speech_verb", sayer.lemma.lower()):
                    actors, _ = self._resolve(self.verb_subjects(sayer))
                    if not actors:
                        actors, _ = self._resolve(self.noun_subjects(sayer))
                    return actors[0] if actors else None
                current = sayer
                continue
            if root.deprel == "root":
                for child in self.kids(root.i, "parataxis", "ccomp"):
                    if self.lex.has("speech_verb", child.lemma.lower()) and child.i > tok.i:
                        actors, _ = self._resolve(self.verb_subjects(child))
                        if actors:
                            return actors[0]
            return None
        return None

    # -- driver --------------------------------------------------------------------------
    def cues_at(self, tok: Token) -> list[Cue]:
        lemma = tok.lemma.lower()
        pos = "NOUN" if tok.upos in {"NOUN", "PROPN"} else tok.upos
        if pos == "ADJ" and tok.xpos == "VBN":
            pos_options = ["ADJ", "VERB"]
        elif pos == "AUX":
            pos_options = ["VERB"]
        else:
            pos_options = [pos]
        cues: list[Cue] = []
        for option in pos_options:
            for cue in self.lex.lookup(lemma, option):
                if cue.particle is None:
                    if not any(c.particle for c in self.lex.lookup(lemma, option)) or not (
                        self._has_particle(tok, {c.particle for c in self.lex.lookup(
                            lemma, option) if c.particle})
                    ):
                        cues.append(cue)
                elif self._has_particle(tok, {cue.particle}):
                    cues.append(cue)
        if pos == "VERB" and lemma == "back" and tok.deprel in {"advmod", "compound:prt"}:
            return []
        if pos == "VERB" and tok.xpos == "VBN" and (self.kids(tok.i, "cop") or (
            self.kids(tok.i, "aux:pass") and not self.kids(tok.i, "obl:agent")
        )):
            # "is opposed to": a participle used as an adjective, listed by its word form
            cues += [c for c in self.lex.lookup(tok.text.lower(), "ADJ") if c not in cues]
        return cues

    def _has_particle(self, tok: Token, particles: set[str]) -> bool:
        for child in self.kids(tok.i):
            if child.deprel == "compound:prt" and child.lemma.lower() in particles:
                return True
            if child.deprel in {"obl", "nmod"} and self.case_of(child) in particles:
                return True
            if child.deprel == "advcl" and any(m.deprel == "mark" and m.lemma.lower() in particles
                                               for m in self.kids(child.i)):
                return True  # "warned Beijing against what they described as ..."
        return False

    def extract(self) -> Iterator[RelationMention]:
        seen: set[tuple[str, str, str, bool]] = set()
        for tok in self.tokens:
            for cue in self.cues_at(tok):
                for frame in self.frames(cue, tok):
                    yield from self._mentions(cue, tok, frame, seen)
            for cue, frame in self.evaluations(tok):
                yield from self._mentions(cue, tok, frame, seen)
            for cue, frame in self.deontic_demand(tok):
                # The demand is the reporting act itself: its negation, modality and source
                # are the sayer's, not the "should" clause's.
                yield from self._mentions(cue, self.tokens[tok.head], frame, seen)

    def _negative(self, tok: Token) -> bool:
        return self.lex.has("negative_evaluation", tok.lemma.lower()) or any(
            c.deprel in {"amod", "advmod"} and self.lex.has("negative_evaluation",
                                                            c.lemma.lower())
            for c in self.kids(tok.i)
        )

    def deontic_demand(self, tok: Token) -> Iterator[tuple[Cue, Frame]]:
        """ "the EU said that the US should back ...": the speaker demands it of the subject."""
        if tok.deprel != "ccomp" or tok.head < 0:
            return
        if not any(c.deprel == "aux" and self.lex.has("deontic_aux", c.lemma.lower())
                   for c in self.kids(tok.i)):
            return
        sayer = self.tokens[tok.head]
        if not self.lex.has("speech_verb", sayer.lemma.lower()):
            return
        speakers, via1 = self._resolve(self.verb_subjects(sayer))
        targets, via2 = self._resolve(self.kids(tok.i, "nsubj"))
        if speakers and targets:
            yield DEMAND_CUE, Frame(tuple(speakers), tuple(targets), via1 or via2)

    def evaluations(self, tok: Token) -> Iterator[tuple[Cue, Frame]]:
        """Criticism by characterisation: 'called X's plan unjustified', 'said X was naive'."""
        lemma = tok.lemma.lower()
        if tok.upos == "VERB" and self.lex.has("characterizing_verb", lemma):
            predicates = [c for c in self.kids(tok.i) if c.deprel == "xcomp"
                          or (c.deprel == "obl" and self.case_of(c) == "as")]
            if not predicates:
                predicates = self._trailing_adjectives(tok)
            if not any(self._negative(p) for p in predicates):
                return
            subjects, via1 = self._resolve(self.verb_subjects(tok))
            targets = self.kids(tok.i, "obj") or predicates
            objects, via2 = self._resolve(targets)
            if subjects and objects:
                rejecting = any(self.lex.has("rejecting_evaluation", p.lemma.lower())
                                for p in predicates)
                cue = REJECTION_CUE if rejecting else EVALUATION_CUE
                yield cue, Frame(tuple(subjects), tuple(objects), via1 or via2)
        elif self.kids(tok.i, "cop") and self._negative(tok) and tok.deprel in {
            "ccomp", "parataxis"
        }:
            critic = self.source(tok)
            targets, _ = self._resolve(self.kids(tok.i, "nsubj"))
            if critic is not None and targets:
                yield EVALUATION_CUE, Frame((critic,), tuple(targets), True)

    def _trailing_adjectives(self, verb: Token) -> list[Token]:
        """ "called the decision to close the crossing irrational": an adjective parsed as a
        post-nominal modifier at the end of the object is the verb's secondary predicate."""
        objects = self.kids(verb.i, "obj")
        if len(objects) != 1:
            return []
        stack, subtree = [objects[0]], []
        while stack:
            t = stack.pop()
            subtree.append(t)
            stack += self.kids(t.i)
        last = max((t for t in subtree if t.upos != "PUNCT"), key=lambda t: t.i, default=None)
        if last is None or last.upos != "ADJ" or last.deprel not in {"amod", "conj"}:
            return []
        first = last
        while first.deprel == "conj":
            first = self.tokens[first.head]
        if first.deprel != "amod" or first.i < first.head:
            return []
        return [first]

    def _mentions(self, cue: Cue, tok: Token, frame: Frame,
                  seen: set[tuple[str, str, str, bool]]) -> Iterator[RelationMention]:
        predicate = cue.predicate
        negated = self.negated(tok)
        if cue.predicate == "opposes" and negated:
            predicate, negated = "accepts", False  # "has no objection", "does not oppose"
        elif cue.predicate == "accepts" and negated:
            predicate, negated = "opposes", False  # "refuses to accept", "will not accept"
        governor = self.head(tok)
        if governor is not None and cue.predicate == "opposes" and cue.pos == "NOUN" and (
            tok.deprel == "obj" and self.lex.has("retracting_verb", governor.lemma.lower())
            and not self.negated(governor)
        ):
            # "lifted its veto on X", "dropped its objections to X": no longer opposes
            predicate = "opposes" if predicate == "accepts" else "accepts"
        threat_slot = tok.deprel == "xcomp" or (cue.pos == "NOUN" and (
            tok.deprel == "obj" or (tok.deprel == "obl" and self.case_of(tok) == "of")))
        if threat_slot and governor is not None and self.lex.has(
            "threat_governor", governor.lemma.lower()
        ) and predicate in {"attacks", "sanctions"}:
            # "threatened to strike US bases", "threatened sanctions on", "warned of retaliation"
            predicate = "threatens"
        policy = cue.flag_value("policy")
        modality = self.modality(tok)
        if modality == "future" and cue.predicate in {"opposes", "accepts"} and self.negated(
            tok
        ):
            modality = None  # "will not accept" states a stance, not a plan
        if modality == "conditional" and cue is EVALUATION_CUE and tok.upos != "VERB" and not any(
            self.lex.has("future_aux", a.lemma.lower()) or self.lex.has("hypothetical_aux",
                                                                       a.lemma.lower())
            for a in self.kids(tok.i, "aux")
        ):
            # "X was naive if he believed ...": the verdict is passed now; only its
            # ground is conditional (an auxiliary "would be naive" stays hypothetical).
            modality = None
        source = self.source(tok)
        confidence = cue.confidence * (0.85 if frame.via_reference else 1.0)
        for subject in frame.subjects:
            for obj in frame.objects:
                if subject.id == obj.id or subject.id in self._co_owners.get(obj.id, ()):
                    continue
                pred = predicate
                if policy and self._object_is_policy(tok):
                    pred = policy
                pairs = [(subject, obj)]
                if "reverse_modifier" in cue.flags and tok.deprel == "amod":
                    pairs = [(obj, subject)]  # "the Iran-aligned Houthis": Houthis align with Iran
                if "thank" in cue.flags:
                    pairs = [(obj, subject)]
                for s, o in pairs:
                    mod = modality
                    if pred in {"attacks", "sanctions"} and mod is not None and not negated and (
                        source is not None and source.id == s.id
                    ):
                        # "Iran said it would retaliate against Israel": the strike is only
                        # possible, but announcing it is an asserted threat.
                        pred, mod = "threatens", None
                    key = (s.id, pred, o.id, negated)
                    if key in seen:
                        continue
                    seen.add(key)
                    yield self._mention(s, pred, o, negated, mod, source, confidence,
                                        cue, tok)

    def _object_is_policy(self, tok: Token) -> bool:
        return any(c.deprel in {"obj", "nsubj:pass"} and self.lex.has("plan_noun", c.lemma.lower())
                   for c in self.kids(tok.i))

    def _mention(self, subject: Actor, predicate: str, obj: Actor, negated: bool,
                 modality: str | None, source: Actor | None, confidence: float, cue: Cue,
                 tok: Token) -> RelationMention:
        return RelationMention(
            doc=self.doc.article.id,
            subject=subject,
            predicate=predicate,
            object=obj,
            negated=negated,
            modality=modality,
            source=source,
            confidence=round(min(max(confidence, 0.0), 1.0), 3),
            evidence=Evidence(sentence=self.sentence.text, start=self.sentence.start,
                              end=self.sentence.end, cue=tok.text),
            rule=cue.name,
            sentence_index=self.sentence.index,
        )


def structural_mentions(doc: ParsedDoc, actors: ArticleActors) -> Iterator[RelationMention]:
    """leader_of and member_of facts found by the actor resolver."""
    seen: set[tuple[str, str, str, bool]] = set()
    for fact in actors.leader_facts:
        key = (fact.person.id, "leader_of", fact.organization.id, False)
        if key in seen:
            continue
        seen.add(key)
        sentence = doc.sentences[fact.sentence]
        yield RelationMention(
            doc=doc.article.id, subject=fact.person, predicate="leader_of",
            object=fact.organization, confidence=0.9,
            evidence=Evidence(sentence.text, sentence.start, sentence.end, fact.cue),
            rule="title", sentence_index=fact.sentence,
        )
    for member in actors.member_facts:
        key = (member.member.id, "member_of", member.organization.id, member.negated)
        if key in seen:
            continue
        seen.add(key)
        sentence = doc.sentences[member.sentence]
        yield RelationMention(
            doc=doc.article.id, subject=member.member, predicate="member_of",
            object=member.organization, negated=member.negated, confidence=0.8,
            evidence=Evidence(sentence.text, sentence.start, sentence.end, member.cue),
            rule="member", sentence_index=member.sentence,
        )


def extract_relations(doc: ParsedDoc, lexicon: Lexicon | None = None) -> Extraction:
    """Resolve actors and extract every relation mention of one parsed article."""
    lexicon = lexicon or default_lexicon()
    actors = resolve_actors(doc, lexicon=lexicon)
    mentions: list[RelationMention] = []
    for sentence in doc.sentences:
        mentions.extend(SentenceExtractor(doc, actors, sentence, lexicon).extract())
    mentions.extend(structural_mentions(doc, actors))
    return Extraction(article=doc, actors=dict(actors.actors), aliases=dict(actors.aliases),
                      mentions=mentions)
