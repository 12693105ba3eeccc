"""Store commands for the `kg` CLI: export, query, remove, validate, stats.

`kg/cli.py` calls `register(app)`. Bad input (unknown format, invalid SPARQL, missing
store) prints one `error:` line on stderr and exits with code 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from kg.store.base import KGStore
from kg.store.errors import StoreError
from kg.store.events import EVENT_FORMATS, write_events
from kg.store.export import EXPORT_FORMATS
from kg.store.factory import DEFAULT_STORE, ENV_VAR, open_store
from kg.store.results import RESULT_FORMATS

StoreOpt = Annotated[
    str,
    typer.Option(
        "--store",
        envvar=ENV_VAR,
        help="Store directory, or sparql+http://HOST:PORT/ for a remote SPARQL endpoint.",
    ),
]


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo("error: " + " ".join(message.split()), err=True)
    raise typer.Exit(code)


@contextmanager
def opened(spec: str) -> Iterator[KGStore]:
    """Open an existing store; store errors become one error line and exit code 2."""
    try:
        store = open_store(spec, create=False)
    except StoreError as e:
        fail(str(e))
    try:
        yield store
    except StoreError as e:
        fail(str(e))
    finally:
        store.close()


def export(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"One of: {', '.join(EXPORT_FORMATS)} (RDF);"
                          " plover (PLOVER JSON Lines), cameo-tsv (date, source, target, CAMEO"
                          " code) for the mentions with a CAMEO code.")
    ] = "turtle",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default stdout).")
    ] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Export only this document.")] = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Serialise the graph (or one document's graph) as RDF, or its coded events."""
    if fmt in EVENT_FORMATS:
        return export_events(fmt, output, store)
    if fmt not in EXPORT_FORMATS:
        fail(f"unknown format {fmt!r}; use one of {', '.join([*EXPORT_FORMATS, *EVENT_FORMATS])}")
    with opened(store) as kg:
        if output is None:
            sys.stdout.flush()
            kg.export(fmt, sys.stdout.buffer, doc_id=doc)
            sys.stdout.buffer.flush()
        else:
            try:
                n = kg.export(fmt, output, doc_id=doc)
            except OSError as e:
                fail(f"cannot write {output}: {e.strerror or e}")
            typer.echo(
                f"wrote {n} {'quads' if EXPORT_FORMATS[fmt].supports_datasets else 'triples'}"
                f" to {output}",
                err=True,
            )


def export_events(fmt: str, output: Path | None, store: str) -> None:
    """`kg export --format plover|cameo-tsv`: the coded events (kg/store/events.py)."""
    with opened(store) as kg:
        if output is None:
            write_events(kg, fmt, sys.stdout)
            return
        try:
            with output.open("w", encoding="utf-8") as out:
                n = write_events(kg, fmt, out)
        except OSError as e:
            fail(f"cannot write {output}: {e.strerror or e}")
        typer.echo(f"wrote {n} events to {output}", err=True)


def query(
    sparql: Annotated[str, typer.Argument(help="SPARQL query; '-' reads stdin, '@FILE' a file.")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"One of: {', '.join(RESULT_FORMATS)}.")
    ] = "table",
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Run a SPARQL query over the union of all document graphs (kg:, actor:, ... predeclared)."""
    if fmt not in RESULT_FORMATS:
        fail(f"unknown format {fmt!r}; use one of {', '.join(RESULT_FORMATS)}")
    text = _read_query(sparql)
    with opened(store) as kg:
        result = kg.query(text)
    typer.echo(result.render(fmt), nl=False)


def remove(
    doc_ids: Annotated[list[str], typer.Argument(help="Document ids to delete.")],
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Delete documents with their mentions (and edges no other document asserts)."""
    missing = []
    with opened(store) as kg:
        for doc_id in doc_ids:
            if kg.remove_document(doc_id):
                typer.echo(f"removed {doc_id}")
            else:
                missing.append(doc_id)
    if missing:
        fail(f"no such document: {', '.join(missing)}", code=1)


def validate(
    store: StoreOpt = DEFAULT_STORE,
    rdfs: Annotated[bool, typer.Option("--rdfs", help="Validate after RDFS inference.")
                    ] = False,
) -> None:
    """Check the graph against the SHACL shapes; exit 1 if it does not conform."""
    with opened(store) as kg:
        conforms, report = kg.validate("rdfs" if rdfs else "none")
    typer.echo(report.rstrip())
    if not conforms:
        raise typer.Exit(1)


def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Count documents, mentions, asserted edges, actors and triples."""
    with opened(store) as kg:
        counts = kg.stats().to_json()
    if as_json:
        typer.echo(json.dumps(counts))
    else:
        for key, value in counts.items():
            typer.echo(f"{key.replace('_', ' ')}: {value}")


def register(app: typer.Typer) -> None:
    """Add the store commands to the `kg` app."""
    app.command("export")(export)
    app.command("query")(query)
    app.command("remove")(remove)
    app.command("validate")(validate)
    app.command("stats")(stats)


def _read_query(arg: str) -> str:
    if arg == "-":
        return sys.stdin.read()
    if arg.startswith("@"):
        try:
            return Path(arg[1:]).read_text(encoding="utf-8")
        except OSError as e:
            fail(f"cannot read query file {arg[1:]}: {e.strerror}")
    return arg
