"""Query results as plain data with rdflib terms, and their text forms (table, JSON, CSV)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from kg.store.terms import from_ox

ResultKind = Literal["select", "ask", "graph"]
RESULT_FORMATS = ("table", "json", "csv")


@dataclass
class QueryResult:
    """The answer to one SPARQL query.

    SELECT → `variables` and `rows` (None for unbound); ASK → `boolean`;
    CONSTRUCT/DESCRIBE → `triples`.
    """

    kind: ResultKind
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)

    @classmethod
    def from_oxigraph(
        cls, result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
    ) -> QueryResult:
        if isinstance(result, ox.QueryBoolean):
            return cls("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = [tuple(from_ox(sol[n]) for n in names) for sol in result]
            return cls("select", variables=names, rows=rows)  # type: ignore[arg-type]
        triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in result]
        return cls("graph", triples=triples)  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[tuple[Node | None, ...]]:
        return iter(self.rows if self.kind == "select" else self.triples)

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)

    def __bool__(self) -> bool:
        return bool(self.boolean) if self.kind == "ask" else len(self) > 0

    def records(self) -> list[dict[str, Any]]:
        """SELECT rows as dicts of plain Python values (str for IRIs)."""
        return [{v: _py(t) for v, t in zip(self.variables, row, strict=True)} for row in self.rows]

    def graph(self) -> Graph:
        g = Graph()
        for t in self.triples:
            g.add(t)
        return g

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON (or JSON-LD for a graph)."""
        if self.kind == "graph":
            return self.graph().serialize(format="json-ld")
        if self.kind == "ask":
            return json.dumps({"head": {}, "boolean": self.boolean})
        bindings = [
            {v: _json_term(t) for v, t in zip(self.variables, row, strict=True) if t is not None}
            for row in self.rows
        ]
        return json.dumps(
            {"head": {"vars": self.variables}, "results": {"bindings": bindings}},
            ensure_ascii=False,
        )

    def to_csv(self) -> str:
        """SPARQL 1.1 CSV results (N-Triples for a graph)."""
        if self.kind == "graph":
            return self.graph().serialize(format="nt")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        if self.kind == "ask":
            writer.writerows([["boolean"], [str(self.boolean).lower()]])
        else:
            writer.writerow(self.variables)
            writer.writerows([["" if t is None else str(t) for t in row] for row in self.rows])
        return out.getvalue()

    def to_table(self) -> str:
        """Aligned text for a terminal (Turtle for a graph)."""
        if self.kind == "graph":
            return self.graph().serialize(format="turtle")
        if self.kind == "ask":
            return str(self.boolean).lower() + "\n"
        cells = [self.variables] + [["" if t is None else str(t) for t in r] for r in self.rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(self.variables))]
        lines = [
            "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            for row in cells
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines) + f"\n({len(self.rows)} rows)\n"

    def render(self, fmt: str) -> str:
        renderers = {"table": self.to_table, "json": self.to_json, "csv": self.to_csv}
        if fmt not in renderers:
            raise ValueError(f"unknown result format {fmt!r}; use one of {', '.join(renderers)}")
        return renderers[fmt]()


def _py(term: Node | None) -> Any:
    if isinstance(term, RdfLiteral):
        return term.toPython()
    return None if term is None else str(term)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, RdfLiteral)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out
