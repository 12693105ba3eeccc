"""From a frame to relation mentions: qualifiers, rewrites, rule id and explanation."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from kg.lexicon import Cue
from kg.lexicon.generated import event_types
from kg.model import Evidence, RelationMention, Token
from kg.relations import qualifiers, rewrites
from kg.relations.constructions import Frame
from kg.relations.context import SentenceContext
from kg.relations.rewrites import Draft

Key = tuple[str, str, str, bool]


def rule_id(cue_id: str, construction: str, applied: list[str]) -> str:
    """`<cue id>|<construction>|<rewrite>+<rewrite>` (the last part empty when none)."""
    return f"{cue_id}|{construction}|{'+'.join(applied)}"


def frame_mentions(ctx: SentenceContext, frame: Frame, cue_token: Token, seen: set[Key]
                   ) -> Iterator[RelationMention]:
    """The mentions of one frame; `seen` drops a relation the sentence already stated.
    Negation, modality and source are read at the frame's anchor (default: the cue)."""
    tok = frame.anchor or cue_token
    negations = qualifiers.negation_reasons(ctx, tok)
    modality, modality_why = qualifiers.modality(ctx, tok)
    if modality is None and frame.cue.modality == "future":  # CAMEO 03: intent to ...
        modality, modality_why = "future", f"cue {frame.cue.id} states an intention"
    source, source_why = qualifiers.attribution(ctx, tok)
    draft = Draft(frame.cue, tok, frame.cue.predicate, len(negations) % 2 == 1, modality,
                  source)
    applied = rewrites.apply("cue", ctx, draft)
    discount = ctx.config.reference_discount if frame.via_reference else 1.0
    confidence = round(min(max(frame.cue.confidence * discount, 0.0), 1.0), 3)
    for subject in frame.subjects:
        for obj in frame.objects:
            if subject.id == obj.id or frame.joint_owners(subject, obj):
                continue
            pair = dataclasses.replace(draft, subject=subject, object=obj)
            done = applied + rewrites.apply("pair", ctx, pair)
            key = (pair.subject.id, pair.predicate, pair.object.id, pair.negated)
            if key in seen:
                continue
            seen.add(key)
            explanation = {
                "cue": {"id": frame.cue.id, "token": tok.text, "token_index": tok.i,
                        "confidence": frame.cue.confidence},
                "construction": frame.construction,
                "subject_path": list(frame.subject.path),
                "object_path": list(frame.object.path),
                "via_reference": frame.via_reference,
                "rewrites": done,
                "negation": negations,
                "modality": modality_why,
                "source": source_why,
            }
            yield RelationMention(
                doc=ctx.doc.article.id, subject=pair.subject, predicate=pair.predicate,
                object=pair.object, negated=pair.negated, modality=pair.modality,
                source=source, confidence=confidence,
                evidence=Evidence(sentence=ctx.sentence.text, start=ctx.sentence.start,
                                  end=ctx.sentence.end, cue=tok.text),
                rule=rule_id(frame.cue.id, frame.construction, done),
                sentence_index=ctx.index, explanation=explanation,
                **event_codes(frame.cue, pair.modality),
            )


def event_codes(cue: Cue, modality: str | None) -> dict[str, str]:
    """The mention's CAMEO code and PLOVER type, when its cue has them: an intention's code
    (03) when the mention is future, else the first other code (forward direction first)."""
    codes = sorted({c.partition(":")[0] or c.partition(":")[2] for c in cue.cameo},
                   key=lambda c: (c.startswith("03") != (modality == "future"), c))
    if not codes:
        return {}
    plover = event_types().get(codes[0], ("", ""))[0]
    return {"cameo": codes[0]} | ({"plover": plover} if plover else {})
