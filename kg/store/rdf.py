"""Extraction → RDF: one named graph per document, with stable IRIs.

The graph holds the document node, its actors, one `kg:RelationMention` per mention and
the asserted edges (`actor:a kg:opposes actor:b`) for every distinct affirmed mention
(not negated, no modality). The union of all document graphs is the queryable graph.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache

from rdflib import Graph, Literal, URIRef

from kg import __version__
from kg.model import ACTOR_TYPES, MODALITIES, PREDICATES, Actor, Extraction, RelationMention
from kg.store.errors import InvalidExtractionError
from kg.store.hashes import content_hash
from kg.store.namespaces import (
    DCTERMS,
    KG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    actor_iri,
    doc_iri,
    graph_iri,
    mention_iri,
    predicate_iri,
    wikidata_iri,
)
from kg.store.terms import Triple, nt_lines

ACTOR_CLASSES: dict[str, URIRef] = {t: KG[t.capitalize()] for t in ACTOR_TYPES}
# Namespace attribute lookups build a new URIRef each time: take them once.
A, LABEL, ALT, SAME, ID = RDF.type, RDFS.label, SKOS.altLabel, OWL.sameAs, DCTERMS.identifier
M_SUBJ, M_PRED, M_OBJ, M_SRC = KG.subject, KG.predicate, KG.object, KG.source
M_NEG, M_MOD, M_CONF, M_RULE, M_CUE = KG.negated, KG.modality, KG.confidence, KG.rule, KG.cue
M_SENT, M_START, M_END, M_INDEX = KG.sentence, KG.sentenceStart, KG.sentenceEnd, KG.sentenceIndex
DERIVED, MENTION_CLASS, ACTOR_CLASS = PROV.wasDerivedFrom, KG.RelationMention, KG.Actor
TRUE, FALSE = Literal(True), Literal(False)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class DocGraph:
    """The triples of one document's named graph."""

    doc_id: str
    graph: URIRef
    triples: list[Triple]

    def to_rdflib(self) -> Graph:
        g = Graph(identifier=self.graph)
        for t in self.triples:
            g.add(t)
        return g


def ingestion_time(value: datetime | None = None) -> datetime:
    """`value`, else `SOURCE_DATE_EPOCH` (for reproducible builds), else now; UTC, whole seconds."""
    if value is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        value = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0)


def document_graph(extraction: Extraction, *, ingested_at: datetime | None = None) -> DocGraph:
    """Map one extraction to the triples of its document graph."""
    article = extraction.article.article
    triples: dict[Triple, None] = {}  # ordered set: same input → same order

    def add(s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        if o is not None:
            triples[(s, p, o)] = None

    doc = doc_iri(article.id)
    add(doc, RDF.type, KG.Document)
    add(doc, DCTERMS.identifier, Literal(article.id))
    if article.title:
        add(doc, DCTERMS.title, Literal(article.title))
    if article.url:
        add(doc, SDO.url, Literal(article.url, datatype=XSD.anyURI))
    if article.published:
        add(doc, DCTERMS.issued, _published(article.published))
    add(doc, KG.ingestedAt, Literal(ingestion_time(ingested_at)))
    add(doc, KG.nlpBackend, Literal(extraction.article.backend))
    add(doc, KG.nlpBackendVersion, Literal(extraction.article.backend_version))
    add(doc, KG.kgVersion, Literal(__version__))
    add(doc, KG.contentHash, Literal(content_hash(article)))

    actors, aliases = _actors(extraction)
    for actor in actors.values():
        for t in _actor_triples(actor, frozenset(aliases.get(actor.id, ()))):
            triples[t] = None

    seen: dict[URIRef, int] = {}
    for m in extraction.mentions:
        _check(m)
        key = (
            article.id,
            m.evidence.start,
            m.evidence.end,
            m.subject.id,
            m.predicate,
            m.object.id,
            int(m.negated),
        )
        iri = mention_iri(*key)
        if iri in seen:  # same sentence, same relation twice: keep both, deterministically
            seen[iri] += 1
            iri = mention_iri(*key, seen[iri])
        seen.setdefault(iri, 1)
        for t in _mention_triples(iri, m, doc):
            add(*t)
        if not m.negated and m.modality is None:
            add(actor_iri(m.subject.id), predicate_iri(m.predicate), actor_iri(m.object.id))
    return DocGraph(article.id, graph_iri(article.id), list(triples))


def nt_graphs(docs: Iterable[DocGraph]) -> list[tuple[URIRef, list[str]]]:
    """`(graph, N-Triples lines)` for each document; a term that cannot be written raises
    InvalidExtractionError naming the document (nothing of the batch is written)."""
    out = []
    for d in docs:
        try:
            out.append((d.graph, nt_lines(d.triples)))
        except (ValueError, TypeError) as e:
            raise InvalidExtractionError(f"document {d.doc_id!r} cannot be stored: {e}") from None
    return out


def document_graphs(
    extractions: Iterable[Extraction], *, ingested_at: datetime | None = None
) -> Iterable[DocGraph]:
    when = ingestion_time(ingested_at)
    return (document_graph(e, ingested_at=when) for e in extractions)


def _published(value: str) -> Literal:
    value = value.strip()
    try:
        if _DATE.fullmatch(value):
            return Literal(datetime.fromisoformat(value).date())
        return Literal(datetime.fromisoformat(value))
    except ValueError:
        return Literal(value)


def _actors(extraction: Extraction) -> tuple[dict[str, Actor], dict[str, set[str]]]:
    actors = dict(extraction.actors)
    aliases = {k: set(v) for k, v in extraction.aliases.items()}
    for m in extraction.mentions:
        for a in (m.subject, m.object, m.source):
            if a is not None:
                actors.setdefault(a.id, a)
    return dict(sorted(actors.items())), aliases


# The same actors recur across documents: their triples are built once.
@lru_cache(maxsize=16384)
def _actor_triples(actor: Actor, names: frozenset[str]) -> tuple[Triple, ...]:
    a = actor_iri(actor.id)
    triples: list[Triple] = [(a, A, ACTOR_CLASS)]
    if actor.type in ACTOR_CLASSES:
        triples.append((a, A, ACTOR_CLASSES[actor.type]))
    triples += [(a, ID, Literal(actor.id)), (a, LABEL, Literal(actor.label))]
    triples += [(a, ALT, Literal(name)) for name in sorted(names - {actor.label})]
    if (same := wikidata_iri(actor.wikidata)) is not None:
        triples.append((a, SAME, same))
    return tuple(triples)


def _mention_triples(
    iri: URIRef, m: RelationMention, doc: URIRef
) -> Iterable[tuple[URIRef, URIRef, object]]:
    yield iri, A, MENTION_CLASS
    yield iri, M_SUBJ, actor_iri(m.subject.id)
    yield iri, M_PRED, predicate_iri(m.predicate)
    yield iri, M_OBJ, actor_iri(m.object.id)
    yield iri, M_NEG, TRUE if m.negated else FALSE
    yield iri, M_MOD, _string(m.modality) if m.modality else None
    yield iri, M_SRC, actor_iri(m.source.id) if m.source else None
    yield iri, M_CONF, _decimal(m.confidence)
    yield iri, M_SENT, Literal(m.evidence.sentence)
    yield iri, M_START, _integer(m.evidence.start)
    yield iri, M_END, _integer(m.evidence.end)
    yield iri, M_INDEX, _integer(m.sentence_index)
    yield iri, M_CUE, _string(m.evidence.cue) if m.evidence.cue else None
    yield iri, M_RULE, _string(m.rule) if m.rule else None
    yield iri, DERIVED, doc


@lru_cache(maxsize=8192)
def _string(value: str) -> Literal:  # cue words, rule names, modalities: a small vocabulary
    return Literal(value)


@lru_cache(maxsize=8192)
def _integer(n: int) -> Literal:
    return Literal(n)


@lru_cache(maxsize=1024)
def _decimal(x: float) -> Literal:
    return Literal(Decimal(repr(round(float(x), 3))))


def _check(m: RelationMention) -> None:
    if m.predicate not in PREDICATES:
        raise InvalidExtractionError(f"unknown predicate {m.predicate!r} in document {m.doc!r}")
    if m.modality not in MODALITIES:
        raise InvalidExtractionError(f"unknown modality {m.modality!r} in document {m.doc!r}")
