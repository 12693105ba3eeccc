"""`kg export|query|remove|validate|stats` through `kg.store.cli.register`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import rdflib
import typer
from typer.testing import CliRunner

from kg.store import open_store
from kg.store.cli import register
from tests.store_samples import corpus

WHEN = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False)
    register(app)
    return app


@pytest.fixture
def store_dir(tmp_path: Path) -> str:
    with open_store(tmp_path / "kg") as s:
        s.write_documents(corpus(4), ingested_at=WHEN)
    return str(tmp_path / "kg")


def run(app: typer.Typer, *args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env=env)


def test_stats_json_and_env_store(app: typer.Typer, store_dir: str) -> None:
    result = run(app, "stats", "--json", env={"KG_STORE": store_dir})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["documents"] == 4


def test_query_formats(app: typer.Typer, store_dir: str) -> None:
    q = "SELECT DISTINCT ?l WHERE { ?a a kg:Person ; rdfs:label ?l }"
    table = run(app, "query", q, "--store", store_dir)
    assert table.exit_code == 0 and "Vladimir Putin" in table.stdout
    as_json = json.loads(run(app, "query", q, "-f", "json", "--store", store_dir).stdout)
    assert as_json["results"]["bindings"][0]["l"]["value"] == "Vladimir Putin"
    csv = run(app, "query", q, "-f", "csv", "--store", store_dir).stdout
    assert csv.splitlines() == ["l", "Vladimir Putin"]
    ask = run(app, "query", "ASK { ?s kg:opposes ?o }", "--store", store_dir)
    assert ask.stdout.strip() == "true"


@pytest.mark.parametrize(
    "args",
    [
        ("query", "SELEKT ?x"),
        ("query", "SELECT * { ?s ?p ?o }", "-f", "yaml"),
        ("export", "-f", "rdfa"),
        ("export", "--doc", "no-such-doc"),
        ("export", "-o", "/nonexistent-dir/kg.ttl"),
    ],
)
def test_bad_input_is_one_error_line(app: typer.Typer, store_dir: str, args: tuple) -> None:
    result = run(app, *args, "--store", store_dir)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_missing_store(app: typer.Typer, tmp_path: Path) -> None:
    result = run(app, "stats", "--store", str(tmp_path / "absent"))
    assert result.exit_code == 2 and "no store at" in result.stderr
    assert not (tmp_path / "absent").exists()


def test_export_to_file_and_remove(app: typer.Typer, store_dir: str, tmp_path: Path) -> None:
    out = tmp_path / "kg.ttl"
    result = run(app, "export", "-f", "turtle", "-o", str(out), "--store", store_dir)
    assert result.exit_code == 0, result.output
    assert len(rdflib.Graph().parse(out)) > 0
    assert run(app, "remove", "doc-0001", "--store", store_dir).exit_code == 0
    gone = run(app, "remove", "doc-0001", "--store", store_dir)
    assert gone.exit_code == 1 and "no such document" in gone.stderr
    stats = json.loads(run(app, "stats", "--json", "--store", store_dir).stdout)
    assert stats["documents"] == 3


def test_validate(app: typer.Typer, store_dir: str) -> None:
    result = run(app, "validate", "--store", store_dir)
    assert result.exit_code == 0 and "Conforms: True" in result.stdout


def test_kg_build_writes_in_the_store_default_batches() -> None:
    from kg.cli import BUILD_BATCH
    from kg.store.base import DEFAULT_BATCH

    assert BUILD_BATCH == DEFAULT_BATCH
