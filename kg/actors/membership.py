"""member_of: "NATO member Poland", "Sweden became a member of NATO", "Finland joined NATO",
"the G8, which comprises the G7 and Russia", "Bush and other NATO leaders", "the UK's
presidency of the G8"; "non-NATO member" is negated."""

from __future__ import annotations

from dataclasses import dataclass

from kg.actors.state import ResolverState
from kg.model import Actor, MemberFact, Sentence, Token

ORGANIZATIONS = frozenset({"organization", "bloc"})


@dataclass(frozen=True)
class Membership:
    """The membership pass over one sentence."""

    st: ResolverState
    sentence: Sentence

    def actor(self, i: int) -> Actor | None:
        mention = self.st.result.by_sentence[self.sentence.index].get(i)
        return mention.actor if mention is not None else None

    def group_of(self, tok: Token) -> Actor | None:
        """The organisation a modifier of the token names ("NATO member")."""
        children = self.sentence.children
        modifiers = children(tok.i)
        if tok.deprel == "compound" and tok.head >= 0:  # "non-NATO member leader"
            modifiers += children(tok.head)
        for c in modifiers:
            found = self.actor(c.i)
            cases = [k.lemma.lower() for k in children(c.i) if k.deprel == "case"]
            if found is not None and found.type in ORGANIZATIONS and (
                c.deprel in {"compound", "amod"}
                or (c.deprel == "nmod" and cases in ([], ["of"]))
            ):
                return found
        return None

    def coordinated(self, i: int) -> list[Actor]:
        children = self.sentence.children
        found = [self.actor(i)] + [self.actor(c.i) for c in children(i)
                                   if c.deprel in {"conj", "appos"}]
        if found[0] is None:  # "He is the only non-NATO member leader"
            found += [self.actor(c.i) for c in children(i) if c.deprel == "nsubj"]
        return [a for a in found if a is not None]

    def add(self, member: Actor, group: Actor, cue: str, negated: bool = False) -> None:
        led = self.st.result.leaders.get(member.id)
        member = self.st.result.actors.get(led, member) if led else member
        if member.id != group.id and member.type == "state":
            self.st.result.member_facts.append(
                MemberFact(member, group, self.sentence.index, cue, negated))

    def add_all(self, holders: list[int], group: Actor, cue: str, negated: bool = False
                ) -> None:
        for i in holders:
            for member in self.coordinated(i):
                self.add(member, group, cue, negated)

    def run(self) -> None:
        for tok in self.sentence.tokens:
            if self.st.has("member_noun", tok.lemma):
                self.member_noun(tok)
            elif tok.upos == "VERB" and self.st.has("joining_verb", tok.lemma):
                self.joining_verb(tok)
            elif tok.upos == "VERB" and self.st.has("comprising_verb", tok.lemma):
                self.comprising_verb(tok)
            elif self.st.has("presidency_noun", tok.lemma):
                self.presidency(tok)
            elif self.st.has("fellow_role", tok.lemma) and self._fellow(tok):
                self.fellow(tok)

    def member_noun(self, tok: Token) -> None:
        group = self.group_of(tok)
        if group is None:
            return
        tokens, children = self.sentence.tokens, self.sentence.children
        before = " ".join(t.text.lower() for t in tokens[max(0, tok.i - 3):tok.i])
        negated = "non" in before.replace("-", " ").split() or any(
            c.deprel == "advmod" and self.st.has("negation", c.lemma.lower())
            for c in children(tok.i))  # "Ukraine is not a member of NATO"
        candidates: list[int] = []
        if tok.deprel in {"compound", "appos"} and tok.head >= 0:
            candidates.append(tok.head)  # "NATO member Poland", "Poland, a NATO member"
        candidates += [c.i for c in children(tok.i)
                       if c.deprel in {"nsubj", "appos"}]  # "X is a member of Y"
        governor = tokens[tok.head] if tok.head >= 0 else None
        if governor is not None and tok.deprel == "xcomp":
            candidates += [c.i for c in children(governor.i)
                           if c.deprel == "nsubj"]  # "Sweden became a member of NATO"
        if governor is not None and tok.deprel == "nmod":
            candidates += [governor.i]  # "the only non-NATO member leader"
        self.add_all(candidates, group, tok.text, negated)

    def _arguments(self, tok: Token) -> tuple[list[int], list[int]]:
        children = self.sentence.children(tok.i)
        return ([c.i for c in children if c.deprel == "nsubj"],
                [c.i for c in children if c.deprel == "obj"])

    def joining_verb(self, tok: Token) -> None:
        subjects, objects = self._arguments(tok)
        for o in objects:
            group = self.actor(o)
            if group is not None and group.type in ORGANIZATIONS:
                self.add_all(subjects, group, tok.text)

    def comprising_verb(self, tok: Token) -> None:
        subjects, objects = self._arguments(tok)
        holder = [self.actor(s) for s in subjects]
        if tok.deprel == "acl:relcl" and tok.head >= 0:
            holder.append(self.actor(tok.head))  # "the G8, which comprises ..."
        group = next((a for a in holder if a is not None and a.type in ORGANIZATIONS), None)
        if group is not None:
            self.add_all(objects, group, tok.text)

    def presidency(self, tok: Token) -> None:
        group = self.group_of(tok)
        if group is None:
            return
        for c in self.sentence.children(tok.i):
            owner = self.actor(c.i) if c.deprel == "nmod:poss" else None
            if owner is not None:
                self.add(owner, group, tok.text)  # "the UK's presidency of the G8"

    def _fellow(self, tok: Token) -> bool:
        children = self.sentence.children
        return any(c.deprel == "amod" and self.st.has("fellow_modifier", c.lemma)
                   for c in children(tok.i) + [  # "other NATO leaders", parsed either way
                       g for m in children(tok.i) for g in children(m.i)])

    def fellow(self, tok: Token) -> None:
        group = self.group_of(tok)
        if group is not None and tok.deprel == "conj" and tok.head >= 0:
            self.add_all([tok.head], group, tok.text)  # "Bush and other NATO leaders"


def members(st: ResolverState, sentence: Sentence) -> None:
    """Record the member_of facts of one sentence."""
    Membership(st, sentence).run()
