"""Read-side views of the store for the JSON endpoints: actors, relations, documents.

Every function takes the `AppState`, queries the store with `KGStore.query` and returns
plain data. Views that do not depend on the request (actor directory, document list,
degree/PageRank) are cached per store generation.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote

from rdflib import Literal

from api.errors import APIError
from api.query_runner import ProcessQueryRunner, QueryBusy, QueryFailed, QueryTimeout
from api.sparql_worker import QueryRequest
from api.state import AppState
from kg.actors.gazetteer import default_gazetteer, normalize
from kg.analytics import GraphFilter, collapse, degrees, pagerank, predicate_polarity
from kg.analytics.rollup import rolled_pair, rollup_map
from kg.model import ACTOR_TYPES
from kg.store import QueryError
from kg.store.namespaces import (
    ACTOR,
    DOC,
    KG,
    PREFIXES,
    actor_iri,
    graph_iri,
    predicate_name,
)

_CLASS_TYPES = {str(KG[t.capitalize()]): t for t in ACTOR_TYPES}
_ACTOR_FACTS = f"""
SELECT DISTINCT ?a ?p ?v WHERE {{
  VALUES ?p {{ dcterms:identifier rdfs:label skos:altLabel skos:exactMatch rdf:type }}
  ?a ?p ?v .
  FILTER(STRSTARTS(STR(?a), "{ACTOR}"))
}}"""
_DOCUMENTS = """
SELECT ?d ?id ?title ?url ?issued ?ingested ?backend WHERE {
  ?d a kg:Document ; dcterms:identifier ?id .
  OPTIONAL { ?d dcterms:title ?title }
  OPTIONAL { ?d schema:url ?url }
  OPTIONAL { ?d dcterms:issued ?issued }
  OPTIONAL { ?d kg:ingestedAt ?ingested }
  OPTIONAL { ?d kg:nlpBackend ?backend }
}"""
_DOC_MENTIONS = "SELECT ?d (COUNT(?m) AS ?n) WHERE { ?m prov:wasDerivedFrom ?d } GROUP BY ?d"
_MENTION_FIELDS = """
  ?m kg:subject ?s ; kg:predicate ?p ; kg:object ?o ; kg:negated ?neg ;
     kg:confidence ?c ; prov:wasDerivedFrom ?d ."""
_MENTION_DETAIL = """
  ?m kg:sentence ?sent ; kg:sentenceStart ?start ; kg:sentenceEnd ?end .
  OPTIONAL { ?m kg:cue ?cue }
  OPTIONAL { ?m kg:modality ?mod }
  OPTIONAL { ?m kg:source ?src }"""


# ------------------------------------------------------------------ plain data


@dataclass
class ActorInfo:
    id: str
    label: str
    type: str | None = None
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)

    def ref(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "type": self.type,
                "wikidata": self.wikidata, "href": "/actors/" + quote(self.id, safe="")}


@dataclass
class ActorDirectory:
    """Actors of the store by id, with lookup tables for names and Wikidata ids."""

    actors: dict[str, ActorInfo]
    labels: dict[str, list[str]]  # normalized label -> ids
    aliases: dict[str, list[str]]  # normalized alias -> ids
    wikidata: dict[str, str]  # Q-id -> id

    def get(self, actor_id: str) -> ActorInfo:
        found = self.actors.get(actor_id)
        return found if found is not None else ActorInfo(actor_id, actor_id)


@dataclass
class Resolved:
    """An actor name resolved to an id; `info` is None when it is not in the store."""

    id: str
    matched: str  # id, label, alias, wikidata, gazetteer
    info: ActorInfo | None


@dataclass
class DocInfo:
    id: str
    title: str | None
    url: str | None
    published: str | None
    ingested_at: str | None
    nlp_backend: str | None
    mentions: int = 0

    def ref(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "url": self.url,
                "published": self.published, "href": "/documents/" + quote(self.id, safe="")}


@dataclass
class RelationFilter:
    """Filters of /relations: a GraphFilter for predicates, polarity, confidence, dates and
    min_mentions, plus the actors and the negation/modality switches."""

    graph: GraphFilter
    subject: str | None = None
    object: str | None = None
    negated: bool | None = None
    include_modal: bool = True


# ------------------------------------------------------------------ querying


def select_rows(state: AppState, sparql: str) -> list[tuple[str | None, ...]]:
    """SELECT rows as strings, from a query worker when one is idle, else in-process.

    pyoxigraph holds the GIL while it iterates results, so in-process queries of
    concurrent requests take turns; the workers answer them in parallel (and under the
    query time limit).
    """
    if isinstance(state.runner, ProcessQueryRunner):
        request = QueryRequest(sparql, "json", None, dict(PREFIXES))
        try:
            outcome = state.runner.run(request, wait=False)
        except (QueryBusy, QueryFailed):
            outcome = None
        except QueryTimeout:
            raise APIError(503, "query_timeout", "the request ran past the "
                           f"{state.runner.timeout:g} s query limit") from None
        if outcome is not None and outcome.status == "store_error":
            # The worker's read-only view could not be read even after reopening (a write
            # raced it): answer from the primary store instead of failing the request.
            state.runner.invalidate()
            outcome = None
        if outcome is not None:
            if outcome.status != "ok":
                raise QueryError(f"{outcome.status}: {outcome.message}")
            data = json.loads(outcome.body)
            names = data["head"]["vars"]
            return [tuple(b[n]["value"] if n in b else None for n in names)
                    for b in data["results"]["bindings"]]
    return [tuple(None if t is None else str(t) for t in row)
            for row in state.store.query(sparql).rows]


# ------------------------------------------------------------------ actors


def _local(iri: str, ns: Any) -> str:
    return unquote(iri[len(ns):]) if iri.startswith(str(ns)) else iri


def actor_directory(state: AppState) -> ActorDirectory:
    return state.cached("actors", lambda: _build_directory(state))


def _build_directory(state: AppState) -> ActorDirectory:
    facts: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for a, p, v in state.store.query(_ACTOR_FACTS).rows:
        facts[str(a)][str(p)].append(v)
    actors: dict[str, ActorInfo] = {}
    labels: dict[str, list[str]] = defaultdict(list)
    aliases: dict[str, list[str]] = defaultdict(list)
    wikidata: dict[str, str] = {}
    for iri, props in facts.items():
        ids = sorted(str(v) for v in props.get("http://purl.org/dc/terms/identifier", []))
        actor_id = ids[0] if ids else _local(iri, ACTOR)
        names = sorted(str(v) for v in props.get("http://www.w3.org/2000/01/rdf-schema#label", []))
        types = [_CLASS_TYPES[str(t)] for t in
                 props.get("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", [])
                 if str(t) in _CLASS_TYPES]
        same = sorted(str(v).rsplit("/", 1)[-1] for v in
                      props.get("http://www.w3.org/2004/02/skos/core#exactMatch", []))
        label = names[0] if names else actor_id
        alts = sorted({str(v) for v in props.get("http://www.w3.org/2004/02/skos/core#altLabel",
                                                    [])} | set(names[1:]))
        info = ActorInfo(actor_id, label, sorted(types)[0] if types else None,
                         same[0] if same else None, [a for a in alts if a != label])
        actors[actor_id] = info
        labels[normalize(label)].append(actor_id)
        for alias in info.aliases:
            aliases[normalize(alias)].append(actor_id)
        if info.wikidata:
            wikidata.setdefault(info.wikidata.upper(), actor_id)
    return ActorDirectory(actors, dict(labels), dict(aliases), wikidata)


def actor_stats(state: AppState) -> dict[str, dict[str, Any]]:
    """Per actor id: in/out degree, asserted mentions and PageRank of the whole graph."""

    def build() -> dict[str, dict[str, Any]]:
        from api.graph import project_graph

        graph = collapse(project_graph(state, GraphFilter()))
        deg = degrees(graph)
        ranks = pagerank(graph)
        return {n: {"in_degree": d["in_degree"], "out_degree": d["out_degree"],
                    "degree": d["in_degree"] + d["out_degree"],
                    "mentions": d["in_weight"] + d["out_weight"],
                    "pagerank": float(ranks.get(n, 0.0))} for n, d in deg.items()}

    return state.cached("actor_stats", build)


_NO_STATS = {"in_degree": 0, "out_degree": 0, "degree": 0, "mentions": 0, "pagerank": 0.0}


def actor_summary(state: AppState, info: ActorInfo) -> dict[str, Any]:
    return info.ref() | actor_stats(state).get(info.id, _NO_STATS)


def resolve_actor(state: AppState, name: str) -> Resolved | None:
    """An actor from its id, label, alias, Wikidata id, or a gazetteer name, capital or
    demonym ("Moscow" → Russia). None when nothing knows the name."""
    name = name.strip()
    if not name:
        return None
    directory = actor_directory(state)
    if name in directory.actors:
        return Resolved(name, "id", directory.actors[name])
    key = normalize(name)
    stats = actor_stats(state)
    for table, how in ((directory.labels, "label"), (directory.aliases, "alias")):
        ids = table.get(key)
        if ids:  # an ambiguous alias goes to the most mentioned actor
            best = max(ids, key=lambda i: (stats.get(i, _NO_STATS)["mentions"], i))
            return Resolved(best, how, directory.actors[best])
    by_qid = directory.wikidata.get(name.upper())
    if by_qid:
        return Resolved(by_qid, "wikidata", directory.actors[by_qid])
    gaz = default_gazetteer()
    actor = gaz.lookup_name(name) or gaz.lookup_capital(name) or gaz.lookup_demonym(name)
    if actor is not None:
        return Resolved(actor.id, "gazetteer", directory.actors.get(actor.id))
    return None


def list_actors(state: AppState, prefix: str | None, actor_type: str | None,
                sort: str) -> list[dict[str, Any]]:
    """Actors whose label or an alias starts with `prefix` (case-insensitive), by type."""
    directory = actor_directory(state)
    key = normalize(prefix) if prefix else ""
    rows = []
    for info in directory.actors.values():
        if actor_type and info.type != actor_type:
            continue
        if key and not any(normalize(n).startswith(key) for n in [info.label, *info.aliases]):
            continue
        rows.append(actor_summary(state, info))
    if sort == "label":
        rows.sort(key=lambda r: (r["label"].casefold(), r["id"]))
    else:
        rows.sort(key=lambda r: (-r[sort], r["label"].casefold(), r["id"]))
    return rows


def actor_relations(state: AppState, actor_id: str) -> tuple[list[dict[str, Any]],
                                                              list[dict[str, Any]]]:
    """(outgoing, incoming) relation counts of one actor, most mentioned first."""
    directory = actor_directory(state)
    polarity = predicate_polarity()
    iri = actor_iri(actor_id).n3()
    out: list[list[dict[str, Any]]] = []
    for mine, other in (("?s", "?o"), ("?o", "?s")):
        sparql = (f"SELECT {other} ?p ?neg (COUNT(?m) AS ?n) WHERE {{ "
                  f"VALUES {mine} {{ {iri} }} GRAPH ?g {{ {_MENTION_FIELDS} }} }} "
                  f"GROUP BY {other} ?p ?neg")
        rows = []
        for o, p, neg, n in state.store.query(sparql).rows:
            pred = predicate_name(str(p)) or str(p)
            rows.append({"predicate": pred, "polarity": polarity.get(pred),
                         "negated": _bool(neg),
                         "actor": directory.get(_local(str(o), ACTOR)).ref(),
                         "mentions": _int(n)})
        rows.sort(key=lambda r: (-r["mentions"], r["predicate"], r["actor"]["label"]))
        out.append(rows)
    return out[0], out[1]


# ------------------------------------------------------------------ documents


def document_directory(state: AppState) -> dict[str, DocInfo]:
    def build() -> dict[str, DocInfo]:
        counts = {str(d): _int(n) for d, n in state.store.query(_DOC_MENTIONS).rows}
        docs: dict[str, DocInfo] = {}
        for d, doc_id, title, url, issued, ingested, backend in state.store.query(
                _DOCUMENTS).rows:
            docs[str(doc_id)] = DocInfo(
                str(doc_id), _str(title), _str(url), _str(issued), _str(ingested),
                _str(backend), counts.get(str(d), 0))
        return dict(sorted(docs.items()))

    return state.cached("documents", build)


def list_documents(state: AppState, since: str | None, until: str | None,
                   prefix: str | None) -> list[DocInfo]:
    docs = []
    for doc in document_directory(state).values():
        day = (doc.published or "")[:10]
        if (since or until) and not day:
            continue
        if (since and day < since) or (until and day > until):
            continue
        if prefix and not doc.id.casefold().startswith(prefix.casefold()):
            continue
        docs.append(doc)
    return docs


def document_mentions(state: AppState, doc_id: str) -> list[dict[str, Any]]:
    """Every relation mention of one document, in text order."""
    sparql = (f"SELECT ?m ?s ?p ?o ?neg ?c ?d ?sent ?start ?end ?cue ?mod ?src WHERE {{ "
              f"GRAPH {graph_iri(doc_id).n3()} {{ {_MENTION_FIELDS} {_MENTION_DETAIL} }} }}")
    directory = actor_directory(state)
    polarity = predicate_polarity()
    docs = document_directory(state)
    out = []
    for row in state.store.query(sparql).rows:
        _m, s, p, o, *_ = row
        pred = predicate_name(str(p)) or str(p)
        mention = _mention(row, directory, docs)
        out.append(mention | {
            "subject": directory.get(_local(str(s), ACTOR)).ref(), "predicate": pred,
            "polarity": polarity.get(pred),
            "object": directory.get(_local(str(o), ACTOR)).ref()})
    out.sort(key=lambda r: (r["evidence"]["start"], r["predicate"], r["id"]))
    return out


# ------------------------------------------------------------------ relations


def _mention_filters(filt: RelationFilter) -> str:
    g = filt.graph
    parts = []
    if g.restricts_predicates:
        parts.append("VALUES ?p { " + " ".join(KG[p].n3() for p in g.selected_predicates) + " }")
    if g.min_confidence > 0:
        parts.append(f"FILTER(?c >= {g.min_confidence!r})")
    if g.since or g.until:
        parts.append("?d dcterms:issued ?issued . BIND(SUBSTR(STR(?issued), 1, 10) AS ?day)")
        if g.since:
            parts.append(f'FILTER(?day >= "{g.since.isoformat()}")')
        if g.until:
            parts.append(f'FILTER(?day <= "{g.until.isoformat()}")')
    if filt.negated is not None:
        parts.append(f"FILTER(?neg = {'true' if filt.negated else 'false'})")
    if not filt.include_modal:
        parts.append("FILTER NOT EXISTS { ?m kg:modality ?anyModality }")
    return "\n  ".join(parts)


def find_relations(state: AppState, filt: RelationFilter, limit: int, offset: int,
                   per_relation: int) -> tuple[int, list[dict[str, Any]]]:
    """Relations (subject, predicate, object, negated) with their mentions: (total, page).

    One query lists every matching mention as a single string (converting thousands of
    rows of RDF terms costs more than the query), grouped here; a second one fetches the
    evidence of the mentions shown. Mention triples sit in their document's graph, so the
    patterns run inside `GRAPH ?g`, which is much faster than the union default graph.
    """
    # Rolled up, subject and object are matched after renaming (China finds its officials).
    mapping = rollup_map(state.store) if filt.graph.rollup else None
    values = []
    if filt.subject is not None and mapping is None:
        values.append(f"VALUES ?s {{ {actor_iri(filt.subject).n3()} }}")
    if filt.object is not None and mapping is None:
        values.append(f"VALUES ?o {{ {actor_iri(filt.object).n3()} }}")
    row = ("CONCAT(STR(?s), ' ', STR(?p), ' ', STR(?o), ' ', STR(?neg), ' ', STR(?c), ' ', "
           "STR(?start), ' ', STR(?d), ' ', STR(?m))")
    sparql = (f"SELECT ({row} AS ?row) WHERE {{ {' '.join(values)} GRAPH ?g {{ "
              f"{_MENTION_FIELDS} ?m kg:sentenceStart ?start . {_mention_filters(filt)} }} }}")
    groups: dict[tuple[str, str, str, bool], list[tuple[float, str, int, str]]] = (
        defaultdict(list))
    for (text,) in select_rows(state, sparql):
        s, p, o, neg, c, start, d, m = str(text).split(" ")
        pair: tuple[str, str] | None = (_local(s, ACTOR), _local(o, ACTOR))
        if mapping is not None and pair is not None:
            pair = rolled_pair(*pair, mapping)
            if pair is None or filt.subject not in (None, pair[0]) or (
                    filt.object not in (None, pair[1])):
                continue
        groups[(pair[0], p, pair[1], neg == "true")].append(
            (-float(c), _local(d, DOC), int(start), m))
    directory = actor_directory(state)
    polarity = predicate_polarity()
    rows = []
    for (s, p, o, neg), mentions in groups.items():
        if len(mentions) < filt.graph.min_mentions:
            continue
        pred = predicate_name(p) or p
        rows.append({
            "subject": directory.get(s).ref(), "predicate": pred,
            "polarity": polarity.get(pred), "object": directory.get(o).ref(),
            "negated": neg, "mention_count": len(mentions),
            "confidence": -min(mentions)[0], "mentions": [],
            "_picked": [m for *_, m in sorted(mentions)[:per_relation]]})
    rows.sort(key=lambda r: (-r["mention_count"], r["subject"]["label"].casefold(),
                             r["predicate"], r["object"]["label"].casefold(), r["negated"]))
    page = rows[offset:offset + limit]
    wanted = [m for r in page for m in r["_picked"]]
    details = _mention_details(state, wanted) if wanted else {}
    for rel in page:
        rel["mentions"] = [details[m] for m in rel.pop("_picked") if m in details]
    return len(rows), page


def edge_mentions(state: AppState, subject: str, predicate: str, obj: str,
                  filt: GraphFilter, offset: int, limit: int) -> dict[str, Any]:
    """Every mention of one (subject, predicate, object), paged: the asserted ones (those
    the graph counts) first, then negated or modal ones; newest document first within each.
    `filt` applies its confidence and date bounds (not its predicates) and its roll-up: a
    rolled-up relation lists the mentions of every official behind it."""
    mapping = rollup_map(state.store) if filt.rollup else {}
    values = " ".join(f"VALUES ?{var} {{ {' '.join(actor_iri(a).n3() for a in actors)} }}"
                      for var, actors in (("s", _rolled_from(subject, mapping)),
                                          ("o", _rolled_from(obj, mapping))))
    row = ("CONCAT(STR(?s), ' ', STR(?o), ' ', STR(?m), ' ', STR(?neg), ' ', STR(?c), ' ', "
           "STR(?d), ' ', IF(BOUND(?mod), 'modal', '-'))")
    bounds = _mention_filters(RelationFilter(GraphFilter(
        min_confidence=filt.min_confidence, since=filt.since, until=filt.until)))
    sparql = (f"SELECT ({row} AS ?row) WHERE {{ {values} VALUES ?p {{ {KG[predicate].n3()} }} "
              f"GRAPH ?g {{ {_MENTION_FIELDS} OPTIONAL {{ ?m kg:modality ?mod }} {bounds} }} }}")
    docs = document_directory(state)
    found: dict[str, tuple[bool, bool, float, str]] = {}
    for (text,) in select_rows(state, sparql):
        s, o, m, neg, c, d, mod = str(text).split(" ")
        if rolled_pair(_local(s, ACTOR), _local(o, ACTOR), mapping) is None:
            continue  # officials of the subject's state on their own state: not this edge
        doc = docs.get(_local(d, DOC))
        found[m] = (neg == "true", mod == "modal", float(c), (doc and doc.published) or "")
    order = sorted(found, key=lambda m: (found[m][0] or found[m][1], _desc(found[m][3]),
                                         -found[m][2], m))
    page = order[offset:offset + limit]
    details = _mention_details(state, page) if page else {}
    directory = actor_directory(state)
    return {
        "subject": directory.get(subject).ref(), "predicate": predicate,
        "polarity": predicate_polarity().get(predicate), "object": directory.get(obj).ref(),
        "total": len(found),
        "asserted": sum(1 for neg, mod, *_ in found.values() if not neg and not mod),
        "negated": sum(1 for neg, *_ in found.values() if neg),
        "modal": sum(1 for _, mod, *_ in found.values() if mod),
        "offset": offset, "limit": limit,
        "mentions": [details[m] for m in page if m in details],
    }


def _rolled_from(actor: str, mapping: dict[str, str]) -> list[str]:
    """`actor` and every actor that rolls up to it (just `actor` without a roll-up)."""
    return [actor, *sorted(a for a, b in mapping.items() if b == actor and a != actor)]


def _desc(day: str) -> tuple[int, ...]:
    """Sort key putting later ISO days first and undated ("") last."""
    return (0, *(-ord(ch) for ch in day)) if day else (1,)


def _mention_details(state: AppState, mentions: list[str]) -> dict[str, dict[str, Any]]:
    sparql = (f"SELECT ?m ?s ?p ?o ?neg ?c ?d ?sent ?start ?end ?cue ?mod ?src WHERE {{ "
              f"GRAPH ?g {{ VALUES ?m {{ {' '.join(f'<{m}>' for m in mentions)} }} "
              f"{_MENTION_FIELDS} {_MENTION_DETAIL} }} }}")
    directory = actor_directory(state)
    docs = document_directory(state)
    return {str(row[0]): _mention(row, directory, docs) for row in select_rows(state, sparql)}


def _mention(row: Iterable[Any], directory: ActorDirectory,
             docs: dict[str, DocInfo]) -> dict[str, Any]:
    m, _s, _p, _o, neg, c, d, sent, start, end, cue, mod, src = row
    doc_id = _local(str(d), DOC)
    doc = docs.get(doc_id) or DocInfo(doc_id, None, None, None, None, None)
    return {
        "id": str(m), "negated": _bool(neg), "modality": _str(mod),
        "source": directory.get(_local(str(src), ACTOR)).ref() if src is not None else None,
        "confidence": _float(c),
        "evidence": {"sentence": str(sent), "start": _int(start), "end": _int(end),
                     "cue": _str(cue)},
        "document": doc.ref(),
    }


# ------------------------------------------------------------------ term helpers


def _str(term: Any) -> str | None:
    return None if term is None else str(term)


def _int(term: Any) -> int:
    value = term.toPython() if isinstance(term, Literal) else term
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _float(term: Any) -> float:
    value = term.toPython() if isinstance(term, Literal) else term
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _bool(term: Any) -> bool:
    value = term.toPython() if isinstance(term, Literal) else term
    return value is True or str(value).lower() == "true"
