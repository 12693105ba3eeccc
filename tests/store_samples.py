"""Hand-made extractions for the store tests (no NLP needed)."""

from __future__ import annotations

from kg.model import Actor, Article, Evidence, Extraction, ParsedDoc, RelationMention

RUSSIA = Actor("Q159", "Russia", "state", "Q159")
NATO = Actor("Q7184", "NATO", "organization", "Q7184")
EU = Actor("Q458", "European Union", "organization", "Q458")
PUTIN = Actor("Q7747", "Vladimir Putin", "person", "Q7747")
WEST = Actor("the West", "the West", "bloc")
EUROPE = Actor("Europe", "Europe", "bloc")
ACTORS = (RUSSIA, NATO, EU, PUTIN, WEST, EUROPE)

Rel = tuple  # (subject, predicate, object, negated, modality, source[, confidence])


def extraction(doc_id: str, relations: list[Rel], *, title: str | None = "A title",
               published: str | None = "2024-02-01") -> Extraction:
    """One document whose sentence i states relations[i]."""
    text_parts, mentions, aliases = [], [], {}
    offset = 0
    for i, (subj, pred, obj, negated, modality, source, *rest) in enumerate(relations):
        sentence = f"{subj.label} {'does not ' if negated else ''}{pred} {obj.label} ({i})."
        mentions.append(
            RelationMention(
                doc=doc_id,
                subject=subj,
                predicate=pred,
                object=obj,
                evidence=Evidence(sentence, offset, offset + len(sentence), pred),
                negated=negated,
                modality=modality,
                source=source,
                confidence=rest[0] if rest else 0.85,
                rule=f"test:{pred}",
                sentence_index=i,
            )
        )
        aliases.setdefault(subj.id, set()).add(subj.label.upper())
        aliases.setdefault(obj.id, set()).add(f"the {obj.label}")
        text_parts.append(sentence)
        offset += len(sentence) + 1
    article = Article(
        doc_id, " ".join(text_parts), title, f"https://example.org/{doc_id}", published
    )
    actors = {a.id: a for r in relations for a in (r[0], r[2])}
    return Extraction(ParsedDoc(article, [], "test", "0.0"), actors, aliases, mentions)


def corpus(n: int, prefix: str = "doc", variant: int = 0) -> list[Extraction]:
    """n documents with overlapping relations, negations, modality and sources.

    A non-zero `variant` gives the same ids with different content (one more relation).
    """
    preds = ("opposes", "criticizes", "supports", "engages_with", "threatens")
    out = []
    for k in range(n):
        a, b = ACTORS[k % len(ACTORS)], ACTORS[(k + 1) % len(ACTORS)]
        rels: list[Rel] = [
            (a, preds[k % len(preds)], b, False, None, None),
            (RUSSIA, "opposes", NATO, False, None, PUTIN if k % 2 else None),
            (b, "attacks", a, True, None, None),
            (a, "supports", EUROPE, False, "future", None),
            (PUTIN, "leader_of", RUSSIA, False, None, None),
        ]
        if variant:
            rels.append((EU, "sanctions", RUSSIA, False, None, None))
        out.append(extraction(f"{prefix}-{k:04d}", rels, title=f"Article {k} v{variant}"))
    return out
