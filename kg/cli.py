"""The `kg` command line: extract relations, build and query the graph, serve it."""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.ingest import IngestError, iter_inputs
from kg.model import Article, Extraction, RelationMention

if TYPE_CHECKING:
    from kg.executors.options import BuildPlan
    from kg.executors.runner import BuildSummary
    from kg.store import KGStore, StoreStats

# kg.store.base.DEFAULT_BATCH, kept here so `kg --help` need not import the store.
BUILD_BATCH = 256
LARGE_DOCUMENT = 100_000  # characters: say so before parsing such a document

app = typer.Typer(
    name="kg",
    help=(
        "Build a knowledge graph of actor relations (who opposes, supports, threatens or talks "
        "to whom) from English news articles. Every edge keeps the sentence it came from."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
models_app = typer.Typer(help="Stanza model management (status, download).",
                         no_args_is_help=True)
app.add_typer(models_app, name="models")

EXIT_BAD_INPUT = 2


class NLPChoice(StrEnum):
    auto = "auto"
    stanza = "stanza"
    spacy = "spacy"


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


PathsArg = Annotated[
    list[str],
    typer.Argument(help="Input files (.txt, .html, .jsonl), directories of them, or '-' for "
                   "standard input.", show_default=False),
]
NLPOption = Annotated[
    NLPChoice,
    typer.Option("--nlp", help="NLP backend: auto picks Stanza when its English models are "
                 "on disk, else the offline spaCy pipeline."),
]
ActorsOption = Annotated[
    Path | None,
    typer.Option("--actors", help="User actor dictionary (TSV, or CSV by extension) that adds "
                 "or overrides actors: id, label, type, aliases, wikidata, affiliation, "
                 "valid_from, valid_to (docs/actors.md). Default: $KG_ACTORS."),
]


def use_actors(path: Path | None) -> None:
    """Check the user actor file (the option, else $KG_ACTORS) and make the resolver read it;
    a bad row stops the run with file and line (exit 2)."""
    from kg.actors.gazetteer import default_gazetteer
    from kg.actors.user import ENV, UserActorsError, read_user_actors

    if path is not None:
        os.environ[ENV] = str(path)
    value = os.environ.get(ENV, "").strip()
    if not value:
        return
    try:
        read_user_actors(Path(value))
    except UserActorsError as exc:
        raise fail(str(exc)) from None
    default_gazetteer.cache_clear()


def fail(message: str, code: int = EXIT_BAD_INPUT) -> typer.Exit:
    typer.echo(f"kg: error: {message}", err=True)
    return typer.Exit(code)


def _load_backend(name: str):
    from kg.nlp import BackendUnavailable, load_backend

    try:
        return load_backend(name)
    except BackendUnavailable as exc:
        raise fail(str(exc)) from None


InputSource = Callable[[list[str]], Iterable[Article | IngestError]]


class InputReader:
    """Reads inputs, reporting bad ones on stderr and counting them, with a progress bar."""

    def __init__(self, paths: list[str], source: InputSource = iter_inputs) -> None:
        self.paths = paths
        self.source = source
        self.errors: list[IngestError] = []

    def articles(self) -> Iterator[Article]:
        seen: Counter[str] = Counter()
        for item in self.source(self.paths):
            if isinstance(item, IngestError):
                self.errors.append(item)
                typer.echo(f"kg: error: {item}", err=True)
                continue
            seen[item.id] += 1
            if seen[item.id] > 1:
                typer.echo(f"kg: warning: document id {item.id!r} appears more than once; "
                           "the last one wins in a store", err=True)
            if len(item.text) > LARGE_DOCUMENT:  # progress: about 1 s per 15,000 characters
                typer.echo(f"kg: {item.source or item.id}: {len(item.text):,} characters, "
                           f"parsing (about {len(item.text) // 15_000 + 1} s)", err=True)
            yield item


def _progress(iterable: Iterator[Extraction], description: str) -> Iterator[Extraction]:
    from tqdm import tqdm

    yield from tqdm(iterable, desc=description, unit="doc", file=sys.stderr, disable=None,
                    leave=False)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _print_table(extractions: list[Extraction]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Relation mentions", show_lines=False)
    for column in ("doc", "subject", "predicate", "object", "neg", "modality", "source",
                   "conf", "evidence"):
        table.add_column(column, overflow="fold")
    for extraction in extractions:
        for m in extraction.mentions:
            table.add_row(
                m.doc, m.subject.label, m.predicate, m.object.label,
                "yes" if m.negated else "", m.modality or "",
                m.source.label if m.source else "", f"{m.confidence:.2f}",
                _shorten(m.evidence.sentence, 100),
            )
    Console(file=sys.stdout, width=None if sys.stdout.isatty() else 220).print(table)


@app.command()
def extract(
    paths: PathsArg,
    nlp: NLPOption = NLPChoice.auto,
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="jsonl: one relation "
                   "mention per line (the public contract); json: one object per document; "
                   "table: a readable summary.")] = ExtractFormat.jsonl,
    explain: Annotated[bool, typer.Option("--explain", help="Say how each mention was found: "
                       "cue, construction, argument paths (tokens, pass-through, antecedent), "
                       "rewrites and the reasons for negation, modality and source. Adds an "
                       "`explanation` object in jsonl/json; prints a block per mention after "
                       "the table.")] = False,
    actors: ActorsOption = None,
) -> None:
    """Extract relation mentions from articles and print them (nothing is stored)."""
    use_actors(actors)
    from kg.pipeline import extract_articles
    from kg.relations.explain import explain_text, explanation_json

    def as_json(mention: RelationMention) -> dict:
        return explanation_json(mention) if explain else mention.to_json()

    reader = InputReader(paths)
    backend = _load_backend(nlp.value)
    extractions = _progress(extract_articles(reader.articles(), backend), "extracting")
    collected: list[Extraction] = []
    for extraction in extractions:
        if fmt is ExtractFormat.jsonl:
            for mention in extraction.mentions:
                sys.stdout.write(json.dumps(as_json(mention), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            collected.append(extraction)
    if fmt is ExtractFormat.json:
        documents = [
            {
                "doc": e.article.article.id,
                "actors": [a.to_json() for a in e.actors.values()],
                "mentions": [as_json(m) for m in e.mentions],
            }
            for e in collected
        ]
        json.dump(documents, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif fmt is ExtractFormat.table:
        _print_table(collected)
        if explain:
            for extraction in collected:
                for mention in extraction.mentions:
                    sys.stdout.write(explain_text(mention) + "\n\n")
    if reader.errors:
        raise typer.Exit(EXIT_BAD_INPUT)


StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="Store directory, or sparql+http://HOST:PORT/... for a "
                 "remote SPARQL endpoint. Default: $KG_STORE, else data/kg."),
]


@app.command()
def build(
    paths: PathsArg,
    store: StoreOption = None,
    nlp: NLPOption = NLPChoice.auto,
    batch_size: Annotated[int, typer.Option(
        help="Documents per store write; each write is atomic (a crash loses at most one "
        "batch, never part of a document).", min=1)] = BUILD_BATCH,
    base_iri: BaseIriOption = None,
    actors: ActorsOption = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", envvar="KG_JOBS", min=1, show_default="the number of cores",
        help="Worker processes that parse and extract (one NLP model each); this process "
        "writes, in input order. Small inputs run in this process unless set.")] = None,
    executor: Annotated[str | None, typer.Option(
        "--executor", metavar="dask://HOST:PORT|dask-local",
        help="Extract on Dask distributed: a running scheduler, or a local cluster of "
        "--jobs workers. A re-run skips documents already stored unchanged.")] = None,
    since_last: Annotated[bool, typer.Option(
        "--since-last", help="Skip documents already stored with the same content hash "
        "(id, title, URL, date and text); resumes an interrupted build.")] = False,
    rebuild: Annotated[bool, typer.Option(
        "--rebuild", help="Extract and replace every document, stored or not (the default "
        "without --executor).")] = False,
) -> None:
    """Extract relations from articles and store them as RDF (one named graph per document).

    Re-building a document with the same id replaces it. Prints a summary at the end.
    """
    _check_base_iri(base_iri)
    use_actors(actors)
    from kg.executors.options import plan_build
    from kg.ingest_stream import stream_inputs
    from kg.store import StoreError, open_store

    started = time.perf_counter()
    if since_last and rebuild:
        raise fail("--since-last and --rebuild exclude each other")
    reader = InputReader(paths, source=stream_inputs)
    try:
        plan = plan_build(nlp.value, jobs, executor, reader.articles())
    except ValueError as exc:
        raise fail(str(exc)) from None
    try:
        kg_store = open_store(store)
    except StoreError as exc:
        raise fail(str(exc)) from None
    skip = since_last or (executor is not None and not rebuild)
    summary, stats = _run_build(plan, kg_store, batch_size, skip)
    _print_build_summary(summary, stats, plan, time.perf_counter() - started)
    if reader.errors:
        raise typer.Exit(EXIT_BAD_INPUT)


def _run_build(plan: BuildPlan, kg_store: KGStore, batch_size: int, skip: bool
               ) -> tuple[BuildSummary, StoreStats]:
    from kg.executors import BuildError, run_build
    from kg.store import StoreError

    def bar(items: Iterator) -> Iterator:
        return _progress(items, "building")

    try:
        with kg_store:
            summary = run_build(plan.articles, kg_store, plan.executor, batch_size=batch_size,
                                skip_unchanged=skip, progress=bar)
            return summary, kg_store.stats()
    except BuildError as exc:
        raise fail(str(exc), code=1) from None
    except StoreError as exc:
        raise fail(str(exc)) from None


def _print_build_summary(summary: BuildSummary, stats: StoreStats, plan: BuildPlan,
                         elapsed: float) -> None:
    skipped = f", {summary.skipped} unchanged skipped" if summary.skipped else ""
    typer.echo(
        f"built {summary.documents} documents{skipped}: {summary.mentions} relation mentions, "
        f"{len(summary.actors)} actors in them; store now holds {stats.documents} documents, "
        f"{stats.mentions} mentions, {stats.edges} asserted edges, {stats.actors} actors, "
        f"{stats.triples} triples ({elapsed:.1f} s)",
        err=True,
    )
    memory = summary.memory_line()
    typer.echo(f"workers: {plan.executor.describe()}" + (f"; {memory}" if memory else ""),
               err=True)
    if summary.actors:
        shown = [label for label, _ in summary.actors.most_common(30)]
        more = (f" and {len(summary.actors) - len(shown)} more"
                if len(summary.actors) > len(shown) else "")
        typer.echo(f"actors found: {', '.join(shown)}{more}", err=True)


@models_app.command("status")
def models_status() -> None:
    """Say which NLP backends can run here and where their models are."""
    from kg.nlp.spacy_backend import find_model
    from kg.nlp.stanza_backend import model_dir, models_present

    directory = model_dir()
    present = models_present(directory)
    typer.echo(f"stanza: English models {'present' if present else 'missing'} in {directory}"
               + ("" if present else " (run `kg models download`)"))
    spacy_model = find_model()
    typer.echo(f"spacy: {spacy_model or 'no English pipeline installed'}")
    typer.echo(f"auto picks: {'stanza' if present else 'spacy'}")


@models_app.command("download")
def models_download(
    directory: Annotated[Path | None, typer.Option("--dir", help="Model directory (default: "
                       "$KG_STANZA_DIR, else Stanza's own).")] = None,
) -> None:
    """Download Stanza's English models (needs network access to Stanza's model hub)."""
    from kg.nlp.stanza_backend import download_models

    try:
        where = download_models(directory)
    except Exception as exc:  # network and hub errors come in many types
        raise fail(f"download failed: {exc}", code=1) from None
    typer.echo(f"Stanza English models are in {where}")


@app.command()
def serve(
    store: StoreOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    base_iri: BaseIriOption = None,
    actors: ActorsOption = None,
) -> None:
    """Serve the graph over HTTP: JSON API, SPARQL endpoint and the interactive graph page;
    the graph's IRIs resolve at /actor/{id}, /doc/{id}, /mention/{id} and /ontology."""
    _check_base_iri(base_iri)
    use_actors(actors)
    try:
        from api.server import run
    except ImportError as exc:
        raise fail(f"the HTTP service is not available: {exc}", code=1) from None
    run(store=store, host=host, port=port)


BaseIriOption = Annotated[
    str | None,
    typer.Option("--base-iri", help="Base of the graph's instance IRIs (actor/, doc/, ...); "
                 "default https://w3id.org/kg-news/ or $KG_BASE_IRI. Build and serve with "
                 "the same base.", show_default=False),
]


def _apply_base_iri(argv: list[str]) -> None:
    """`--base-iri X` anywhere on the command line → KG_BASE_IRI, before the store modules
    (which mint IRIs at import) are loaded, and for the query worker processes."""
    import os

    for i, arg in enumerate(argv):
        value = None
        if arg == "--base-iri" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--base-iri="):
            value = arg.split("=", 1)[1]
        if value:
            os.environ["KG_BASE_IRI"] = value
    try:
        import kg.store.namespaces  # noqa: F401  (mints with the base, or refuses it)
    except ValueError as e:
        print(f"kg: error: {e}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT) from None


def _check_base_iri(value: str | None) -> None:
    from kg.store.namespaces import BASE, check_base

    if value is None:
        return
    try:
        check_base(value)
    except ValueError as e:
        raise fail(str(e)) from None
    if value != BASE:  # the store modules were loaded before the option was seen
        raise fail(f"--base-iri {value} came too late (IRIs already use {BASE}); "
                   "set KG_BASE_IRI instead")


def _register_commands() -> None:
    from kg.analytics.cli import register as register_analytics
    from kg.evaluation.cli import register as register_eval
    from kg.store.cli import register as register_store
    from kg.viz.cli import register as register_viz

    register_store(app)
    register_analytics(app)
    register_viz(app)
    register_eval(app)


_apply_base_iri(sys.argv[1:])
_register_commands()


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
