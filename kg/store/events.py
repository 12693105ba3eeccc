"""Event-data exports of the stored mentions that carry a CAMEO code: PLOVER-style JSON
Lines (`plover`) and the classic tab-separated date/source/target/code rows (`cameo-tsv`).

PLOVER field names follow the PLOVER specification (openeventdata/PLOVER, "PLOVER JSON"
table): `id`, `date`, `actor`, `recipient`, `event`, `mode`, `context`, `text`; entity
objects use its `entity_name` and `wikidata_id` and the `code` of its simplest record. Its
auxiliary modes (future, hypothetical, negation) go in `context`, as it says; `negated`,
`document` and `cameo` are fields of our own (the specification allows extra fields).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TextIO

from kg.lexicon.generated import event_types
from kg.store.base import KGStore
from kg.store.namespaces import sparql_prefixes

EVENT_FORMATS: tuple[str, ...] = ("plover", "cameo-tsv")
CAMEO_COLUMNS: tuple[str, ...] = ("date", "source", "target", "cameo")

_QUERY = """
SELECT ?m ?code ?sid ?slabel ?swd ?oid ?olabel ?owd ?neg ?mod ?sent ?docid ?issued WHERE {
  GRAPH ?g {
    ?m a kg:RelationMention ; kg:cameoCode ?code ; kg:subject ?s ; kg:object ?o ;
       kg:negated ?neg ; kg:sentence ?sent ; prov:wasDerivedFrom ?d .
    ?d dcterms:identifier ?docid .
    OPTIONAL { ?m kg:modality ?mod }
    OPTIONAL { ?d dcterms:issued ?issued }
  }
  # actor descriptions are shared by every document (kg.store.shared), not in ?g
  ?s dcterms:identifier ?sid ; rdfs:label ?slabel .
  ?o dcterms:identifier ?oid ; rdfs:label ?olabel .
  OPTIONAL { ?s skos:exactMatch ?swd }
  OPTIONAL { ?o skos:exactMatch ?owd }
} ORDER BY ?docid ?m
"""


@dataclass(frozen=True)
class Event:
    """One coded mention, as the exports need it."""

    id: str
    date: str | None
    source: tuple[str, str, str | None]  # id, label, Wikidata id
    target: tuple[str, str, str | None]
    cameo: str
    negated: bool
    modality: str | None
    sentence: str
    document: str

    @property
    def asserted(self) -> bool:
        return not self.negated and self.modality is None


def coded_events(store: KGStore) -> list[Event]:
    """Every stored mention with a CAMEO code, in document order."""
    result = store.query(sparql_prefixes() + _QUERY)
    events: dict[str, Event] = {}
    for row in result.rows:
        m, code, sid, slabel, swd, oid, olabel, owd, neg, mod, sent, docid, issued = (
            None if v is None else str(v) for v in row)
        key = str(m).rsplit("/", 1)[-1]
        events.setdefault(key, Event(
            id=key, date=issued[:10] if issued else None,
            source=(str(sid), str(slabel), _qid(swd)), target=(str(oid), str(olabel), _qid(owd)),
            cameo=str(code), negated=neg == "true", modality=mod, sentence=str(sent),
            document=str(docid)))
    return list(events.values())


def _qid(iri: str | None) -> str | None:
    return iri.rsplit("/", 1)[-1] if iri else None


def _entity(actor: tuple[str, str, str | None]) -> dict[str, str]:
    entity = {"code": actor[0], "entity_name": actor[1]}
    return entity | ({"wikidata_id": actor[2]} if actor[2] else {})


def plover_record(event: Event) -> dict[str, object] | None:
    """The PLOVER record of one event; None when its CAMEO code has no PLOVER type."""
    plover, mode = event_types().get(event.cameo, ("", ""))
    if not plover:
        return None
    context = [event.modality] if event.modality else []
    context += ["negation"] if event.negated else []
    record: dict[str, object] = {
        "id": event.id, "date": event.date, "actor": [_entity(event.source)],
        "recipient": [_entity(event.target)], "event": [plover]}
    if mode:
        record["mode"] = [mode]
    if context:
        record["context"] = context
    return record | {"text": event.sentence, "negated": event.negated,
                     "document": event.document, "cameo": event.cameo}


def write_events(store: KGStore, fmt: str, out: TextIO) -> int:
    """Write the coded events in `fmt` (one of EVENT_FORMATS); returns the records written.
    cameo-tsv, like classic event data, holds asserted events only."""
    if fmt not in EVENT_FORMATS:
        raise ValueError(f"unknown event format {fmt!r}; use one of {', '.join(EVENT_FORMATS)}")
    n = 0
    if fmt == "cameo-tsv":
        out.write("\t".join(CAMEO_COLUMNS) + "\n")
    for event in coded_events(store):
        if fmt == "plover":
            record = plover_record(event)
            if record is None:
                continue
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
        elif event.asserted:
            cells = (event.date or "", event.source[0], event.target[0], event.cameo)
            out.write("\t".join(c.replace("\t", " ") for c in cells) + "\n")
        else:
            continue
        n += 1
    return n
