"""Extraction → RDF: one named graph per document, with stable IRIs.

A document's graph holds only what that document says: the document node, the actors it
mentions (`schema:mentions`) and the names it calls them by, one `kg:RelationMention` per
mention. What documents share — each actor's types, label, aliases and Wikidata match, and
the asserted edges (`actor:a kg:opposes actor:b`, one per distinct affirmed mention: not
negated, no modality) — goes once into `SHARED_GRAPH`, and each extraction run once into
`RUNS_GRAPH`. So no triple sits in two graphs and the union default graph is a set, even
on engines whose union keeps duplicates (pyoxigraph 0.5).
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
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
    PROV,
    RDF,
    RDFS,
    RUN,
    RUNS_GRAPH,
    SDO,
    SHARED_GRAPH,
    SKOS,
    SOFTWARE,
    XSD,
    actor_iri,
    doc_iri,
    graph_iri,
    mention_iri,
    occurrence_iri,
    predicate_iri,
    wikidata_iri,
)
from kg.store.terms import Triple, nt_lines

ACTOR_CLASSES: dict[str, URIRef] = {t: KG[t.capitalize()] for t in ACTOR_TYPES}
# Namespace attribute lookups build a new URIRef each time: take them once.
A, LABEL, ALT, SAME, ID = RDF.type, RDFS.label, SKOS.altLabel, SKOS.exactMatch, DCTERMS.identifier
MENTIONS, OCC_ACTOR, OCC_NAME = SDO.mentions, KG.actor, KG.surfaceForm
GENERATED_BY, GENERATED_AT = PROV.wasGeneratedBy, PROV.generatedAtTime
M_SUBJ, M_PRED, M_OBJ, M_SRC = KG.subject, KG.predicate, KG.object, KG.source
M_NEG, M_MOD, M_CONF, M_RULE, M_CUE = KG.negated, KG.modality, KG.confidence, KG.rule, KG.cue
M_SENT, M_START, M_END, M_INDEX = KG.sentence, KG.sentenceStart, KG.sentenceEnd, KG.sentenceIndex
M_CAMEO, M_PLOVER = KG.cameoCode, KG.ploverType
DERIVED, MENTION_CLASS, ACTOR_CLASS = PROV.wasDerivedFrom, KG.RelationMention, KG.Actor
TRUE, FALSE = Literal(True), Literal(False)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Run:
    """One extraction run (a `prov:Activity`): who ran, with which parser, from when."""

    iri: URIRef
    started: datetime
    backend: str
    backend_version: str

    def triples(self, ended: datetime | None = None) -> list[Triple]:
        out: list[Triple] = [
            (self.iri, A, PROV.Activity),
            (self.iri, PROV.wasAssociatedWith, SOFTWARE),
            (self.iri, PROV.startedAtTime, Literal(self.started)),
            (self.iri, KG.nlpBackend, Literal(self.backend)),
            (self.iri, KG.nlpBackendVersion, Literal(self.backend_version)),
            (self.iri, KG.kgVersion, Literal(__version__)),
        ]  # the agent itself is described in the ontology graph
        if ended is not None:
            out.append((self.iri, PROV.endedAtTime, Literal(ingestion_time(ended))))
        return out


def new_run(started: datetime, backend: str, backend_version: str, *, pinned: bool = False
            ) -> Run:
    """A run IRI: random, unless the time is pinned (given, or SOURCE_DATE_EPOCH) so that
    the same input gives the same graph."""
    pinned = pinned or bool(os.environ.get("SOURCE_DATE_EPOCH"))
    salt = "" if pinned else uuid.uuid4().hex
    key = "\x1f".join((started.isoformat(), backend, backend_version, __version__, salt))
    return Run(RUN[hashlib.sha256(key.encode()).hexdigest()[:24]], started, backend,
               backend_version)


@dataclass(frozen=True)
class DocGraph:
    """The triples of one document's named graph, and what it adds to shared graphs."""

    doc_id: str
    graph: URIRef
    triples: list[Triple]
    #: (graph, triples) added to graphs that are not the document's: `SHARED_GRAPH`
    #: (actors, asserted edges) and `RUNS_GRAPH` (the run). Never removed with the document;
    #: the store drops shared triples no remaining document supports.
    shared: list[tuple[URIRef, list[Triple]]] = field(default_factory=list)

    def all_triples(self) -> list[Triple]:
        """The document graph's triples, then its shared ones."""
        return [*self.triples, *(t for _, ts in self.shared for t in ts)]

    def to_rdflib(self) -> Graph:
        """Everything this document contributes, as one graph (as if alone in a store)."""
        g = Graph(identifier=self.graph)
        for t in self.all_triples():
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


def document_graph(
    extraction: Extraction, *, ingested_at: datetime | None = None, run: Run | None = None
) -> DocGraph:
    """Map one extraction to its document graph and its shared triples."""
    article = extraction.article.article
    when = ingestion_time(ingested_at)
    if run is None:
        run = new_run(when, extraction.article.backend, extraction.article.backend_version,
                      pinned=ingested_at is not None)
    triples: dict[Triple, None] = {}  # ordered sets: same input → same order
    shared: dict[Triple, None] = {}

    def add(s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        if o is not None:
            triples[(s, p, o)] = None

    doc = doc_iri(article.id)
    for t in _document_triples(doc, extraction, when):
        add(*t)
    add(doc, GENERATED_BY, run.iri)

    actors, aliases = _actors(extraction)
    for actor in actors.values():
        a = actor_iri(actor.id)
        add(doc, MENTIONS, a)
        names = sorted(aliases.get(actor.id, set()) - {actor.label})
        if names:
            occ = occurrence_iri(article.id, actor.id)
            add(occ, OCC_ACTOR, a)
            for name in names:
                add(occ, OCC_NAME, Literal(name))
        for t in _actor_triples(actor, frozenset(names)):
            shared[t] = None

    seen: dict[URIRef, int] = {}
    stamp = Literal(when)
    for m in extraction.mentions:
        iri = _mention_iri(article.id, m, seen)
        for t in _mention_triples(iri, m, doc):
            add(*t)
        add(iri, GENERATED_BY, run.iri)
        add(iri, GENERATED_AT, stamp)
        if not m.negated and m.modality is None:
            shared[(actor_iri(m.subject.id), predicate_iri(m.predicate),
                    actor_iri(m.object.id))] = None
    return DocGraph(article.id, graph_iri(article.id), list(triples),
                    [(SHARED_GRAPH, list(shared)), (RUNS_GRAPH, run.triples())])


def _document_triples(
    doc: URIRef, extraction: Extraction, when: datetime
) -> Iterable[tuple[URIRef, URIRef, Literal | URIRef | None]]:
    article = extraction.article.article
    yield doc, RDF.type, KG.Document
    yield doc, DCTERMS.identifier, Literal(article.id)
    yield doc, DCTERMS.title, Literal(article.title) if article.title else None
    yield doc, SDO.url, Literal(article.url, datatype=XSD.anyURI) if article.url else None
    yield doc, DCTERMS.issued, _published(article.published) if article.published else None
    yield doc, KG.ingestedAt, Literal(when)
    yield doc, KG.nlpBackend, Literal(extraction.article.backend)
    yield doc, KG.nlpBackendVersion, Literal(extraction.article.backend_version)
    yield doc, KG.kgVersion, Literal(__version__)
    yield doc, KG.contentHash, Literal(content_hash(article))


def _mention_iri(doc_id: str, m: RelationMention, seen: dict[URIRef, int]) -> URIRef:
    """Same fields → same IRI; the same relation twice in one sentence gets a counter."""
    _check(m)
    key = (doc_id, m.evidence.start, m.evidence.end, m.subject.id, m.predicate,
           m.object.id, int(m.negated))
    iri = mention_iri(*key)
    if iri in seen:
        seen[iri] += 1
        iri = mention_iri(*key, seen[iri])
    seen.setdefault(iri, 1)
    return iri


def nt_graphs(docs: Iterable[DocGraph]) -> list[tuple[URIRef, list[str]]]:
    """`(graph, N-Triples lines)` for each document graph; a term that cannot be written
    raises InvalidExtractionError naming the document (nothing of the batch is written)."""
    out = []
    for d in docs:
        try:
            out.append((d.graph, nt_lines(d.triples)))
        except (ValueError, TypeError) as e:
            raise InvalidExtractionError(f"document {d.doc_id!r} cannot be stored: {e}") from None
    return out


def nt_shared(docs: Iterable[DocGraph]) -> list[tuple[URIRef, list[str]]]:
    """`(graph, N-Triples lines)` of the shared triples of `docs`, each line once per graph."""
    merged: dict[URIRef, dict[Triple, None]] = {}
    for d in docs:
        for graph, triples in d.shared:
            merged.setdefault(graph, {}).update(dict.fromkeys(triples))
    try:
        return [(g, nt_lines(list(ts))) for g, ts in merged.items() if ts]
    except (ValueError, TypeError) as e:
        raise InvalidExtractionError(f"the batch cannot be stored: {e}") from None


def document_graphs(
    extractions: Iterable[Extraction], *, ingested_at: datetime | None = None,
    runs: dict[tuple[str, str], Run] | None = None,
) -> Iterable[DocGraph]:
    """Document graphs of one run per NLP backend (`runs` collects them, for their end)."""
    when = ingestion_time(ingested_at)
    runs = {} if runs is None else runs
    for e in extractions:
        key = (e.article.backend, e.article.backend_version)
        if key not in runs:
            runs[key] = new_run(when, *key, pinned=ingested_at is not None)
        yield document_graph(e, ingested_at=when, run=runs[key])


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
    if actor.affiliation:  # whom a person or body acts for: lets the graph roll up
        triples.append((a, KG.affiliation, actor_iri(actor.affiliation)))
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
    yield iri, M_CAMEO, _string(m.cameo) if m.cameo else None
    yield iri, M_PLOVER, _string(m.plover) if m.plover else None
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
