"""How a mention was found, as text: `kg extract --explain`."""

from __future__ import annotations

from typing import Any

from kg.model import RelationMention


def explanation_json(mention: RelationMention) -> dict[str, Any]:
    """The mention's JSON with its explanation (cue, construction, paths, reasons)."""
    return mention.to_json() | {"explanation": mention.explanation or {}}


def explain_text(mention: RelationMention) -> str:
    """A readable block: the relation, then one line per part of its derivation."""
    e = mention.explanation or {}
    cue = e.get("cue", {})
    negated = " (negated)" if mention.negated else ""
    lines = [f"{mention.doc} s{mention.sentence_index}: {mention.subject.label} "
             f"{mention.predicate} {mention.object.label}{negated}   [{mention.rule}]",
             f"  cue           {cue.get('id', '-')} at '{cue.get('token', mention.evidence.cue)}'"
             f" (prior {cue.get('confidence', '-')}, confidence {mention.confidence})",
             f"  construction  {e.get('construction', '-')}"]
    for label, key in (("subject", "subject_path"), ("object", "object_path")):
        for n, step in enumerate(e.get(key, [])):
            lines.append(f"  {label if n == 0 else '':<13} {step}")
    rewrites = ", ".join(e.get("rewrites", [])) or "-"
    negations = "; ".join(e.get("negation", [])) or "-"
    lines += [f"  rewrites      {rewrites}",
              f"  negation      {negations}",
              f"  modality      {mention.modality or '-'}: {e.get('modality') or '-'}",
              f"  source        {mention.source.label if mention.source else '-'}: "
              f"{e.get('source') or '-'}",
              f"  sentence      {mention.evidence.sentence}"]
    return "\n".join(lines)
