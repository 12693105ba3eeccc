"""Affiliation in RDF (#13): stored on the actor as kg:affiliation in a real Oxigraph store
on disk, valid against the shapes, and never counted as an asserted relation."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from kg.model import Actor
from kg.store import open_store
from kg.store.namespaces import KG, actor_iri
from tests.store_samples import RUSSIA, extraction

WHEN = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
ZAKHAROVA = Actor("maria-zakharova", "Maria Zakharova", "person", None, "russia")
UK = Actor("united-kingdom", "United Kingdom", "state", "Q145")


def test_affiliation_is_stored_and_valid(tmp_path: Path) -> None:
    doc = extraction("doc-a", [(ZAKHAROVA, "criticizes", UK, False, None, None),
                               (RUSSIA, "opposes", UK, False, None, None)])
    with open_store(tmp_path / "kg") as store:
        store.write_documents([doc], ingested_at=WHEN)
        ask = (f"ASK {{ {actor_iri('maria-zakharova').n3()} {KG.affiliation.n3()} "
               f"{actor_iri('russia').n3()} }}")
        assert bool(store.query(ask))
        assert not bool(store.query(f"ASK {{ {actor_iri('united-kingdom').n3()} "
                                    f"{KG.affiliation.n3()} ?o }}"))
        assert store.stats().asserted_edges == 2  # affiliation is not a relation
        ok, report = store.validate()
        assert ok, report
