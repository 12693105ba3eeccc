"""`participle_modifier`: a passive participle modifying a noun ("Moscow-backed candidate
X", "the Iran-aligned Houthis"): the name before it acts on the noun it modifies."""

from __future__ import annotations

from kg.lexicon import Cue
from kg.model import Token
from kg.relations import objects
from kg.relations.constructions import Slots, register
from kg.relations.context import SentenceContext
from kg.relations.syntax import is_passive


@register("participle_modifier", "head")
def participle_modifier(ctx: SentenceContext, cue: Cue, tok: Token) -> Slots | None:
    """Participle as `amod`/`acl`: agent phrase or a preceding actor modifier acts on the
    modified noun (when the entry's slots find no object)."""
    if cue.pos != "VERB" or tok.deprel not in {"amod", "acl"} or not is_passive(ctx, tok):
        return None
    agents = ctx.kids(tok.i, "obl:agent") or [
        c for c in ctx.kids(tok.i) if c.deprel in {"obl:npmod", "compound", "nmod", "obl"}
        and ctx.actor_at(c.i) is not None and c.i < tok.i]
    found = objects.cue_objects(ctx, cue, tok, True)
    governor = ctx.head(tok)
    if not found and governor is not None:
        found = [governor]
    return Slots("participle_modifier", agents, found)
