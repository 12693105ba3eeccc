"""Build the example corpus in seeds/ from openly licensed Wikinews articles.

    .venv/bin/python tools/build_seed_corpus.py                # seeds/ from the excerpt
    .venv/bin/python tools/build_seed_corpus.py --select DIR   # re-cut the excerpt first

Two steps, so that the corpus rebuilds byte-identically from what the repository holds:

1. ``--select DIR``: read each source file from a git clone under DIR (``DIR/<owner>+<name>``,
   a bare or normal clone; the clone's object at the pinned commit must have the recorded
   git blob id), keep the articles named in SELECTION (their Wikinews fields verbatim:
   title, text, categories, date, url) and write them to tools/seed_corpus/excerpt.jsonl.
2. (always) turn the excerpt into seeds/wikinews.jsonl (one article per line: id, title,
   text, published, url), seeds/MANIFEST.tsv (id, title, url, published, licence, attribution,
   source, commit, sha256 of the excerpt record) and seeds/ATTRIBUTION.

Wikinews articles published before 25 September 2005 are in the public domain; later ones
are under CC BY 2.5 (https://creativecommons.org/licenses/by/2.5/), which asks for credit
to "Wikinews" with a link to each article and to the licence: seeds/ATTRIBUTION gives both.
The output is sorted by date and id, written with "\\n" line ends, and depends on nothing
but the excerpt and this file.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seed_corpus_text import (
    article_id,
    clean_plain,
    clean_wikitext,
    wikinews_url,
    wikitext_date,
)

ROOT = Path(__file__).resolve().parent.parent
EXCERPT = ROOT / "tools" / "seed_corpus" / "excerpt.jsonl"
SEEDS = ROOT / "seeds"
PD_BEFORE = "2005-09-25"  # Wikinews moved from public domain to CC BY 2.5 on this day
CC_BY = "CC BY 2.5"
CC_BY_URL = "https://creativecommons.org/licenses/by/2.5/"
PD = "Public domain"


@dataclass(frozen=True)
class Source:
    """One file of one public repository, pinned to a commit and a git blob id."""

    repo: str
    commit: str
    path: str
    blob: str
    form: str  # "wikitext-jsonl" (records with wikitext paragraphs) or "plain-csv"


SOURCES: dict[str, Source] = {
    "wikinewssum": Source(
        "airKlizz/WikinewsSum", "1d985031625909c908766812e8a18d0c88116ec8",
        "endataset.json", "6f85a57b37715c85a310eec4df3c35e099a7ec71", "wikitext-jsonl"),
    "wikinews-2019": Source(
        "vanatteveldt/wikinews", "347254178bf343f3801aac1d03c41cc09c35decb",
        "data/wikinews_2019.csv", "aea90cd7c56a6bf77cf79476fe81f69c02d8ad11", "plain-csv"),
    "wikinews-2020": Source(
        "vanatteveldt/wikinews", "347254178bf343f3801aac1d03c41cc09c35decb",
        "data/wikinews_2020.csv", "ee3f93268c81bb2357dba4b5ff38adf9389f9893", "plain-csv"),
}

# Articles on international relations, by source and exact title.
SELECTION: dict[str, list[str]] = {
    "wikinewssum": [
        "President of China lunches with Brazilian President",
        "Brazilian delegation returns from Arafat funeral",
        "Brazilian President meets President of South Korea",
        "Chinese submarine enters Japanese waters",
        "US president Bush visits Canada",
        "Dem. Republic of Congo prepares to confront Rwanda",
        "Cuba erects billboards depicting Abu Ghraib prisoners and swastika in response to "
        "U.S. billboard",
        "Yushchenko claims victory in re-run",
        "U.S. and U.K. governments warn citizens against travelling to areas hit by tsunamis",
        "UN 'optimistic' on tsunami aid effort",
    ],
    "wikinews-2019": [
        "Germany bans Mahan Air of Iran, citing 'security'",
        "Benin, Nigeria join African Union continental free trade bloc",
        "World leaders call to address Amazon rainforest fires at G7",
        "Hong Kong leader announces withdrawal of extradition bill",
        "Oil facilities in Saudi Arabia hit by drone attacks",
        "Iran's President Rouhani tells foreign powers to leave Persian Gulf",
        "Fiancée of murdered Saudi journalist demands justice at UN General Assembly",
        "US President Trump announces troop withdrawal from Syria",
        "UK urges US to waive immunity for diplomat's wife involved in fatal collision",
        "Kurds announce deal with Assad's government as Turkey invades Syria's northeast",
        "Coalition authorities report no casualties from missile strike on Iraqi air base",
        "US president Trump ousts national security advisor Bolton",
        "Turkey's President Erdogan proposes converting Hagia Sophia Museum to mosque",
        "Thousands march in anti-Brexit protest, London",
        "UK Prime Minister Johnson suspends parliament for five weeks as Brexit deadline "
        "approaches",
        "Queen Elizabeth agrees to suspend UK Parliament ahead of Brexit deadline",
        "Hong Kong protesters surround downtown police complex",
        "Longtime leader of Zimbabwe Robert Mugabe dies aged 95",
        "Former president of France Jacques Chirac dies aged 86",
        "U.S. House issues subpoena to secretary of state as special envoy to Ukraine resigns",
        "Boris Johnson elected Conservative leader, slated to be Britain's next Prime Minister",
        "Hungarian state-owned enterprise acquires Hirtenberger Defence Group",
        "Greta Thunberg named 2019 Time Person of the Year",
        "US House of Representatives impeaches President Trump",
    ],
    "wikinews-2020": [
        "United States military kills Qasem Soleimani",
        "Iraqi Parliament votes for expulsion of United States troops",
        "Greek prime minister reaffirms EastMed pipeline project is open for other countries "
        "to join",
        "Cairo summit denounces Turkish-Libyan maritime border agreement",
        "Iran admits downing Ukrainian jet, cites 'human error'",
        "Iran issues arrest warrants for 36 people, including US President Trump; seeks "
        "Interpol's aid",
        "Belarussian opposition presidential candidate Sviatlana Tsikhanouskaya holds major "
        "rally in Minsk",
        "Germany says Alexei Navalny poisoned with Novichok",
        "Serbian protesters try to storm Parliament; fourth day of protests",
        "Sultan Qaboos of Oman dies",
        "Burundi President Pierre Nkurunziza dies aged 55",
        "Joe Biden projected US president-elect",
    ],
}


# ------------------------------------------------------------------ step 1: the excerpt


def git_blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def read_source(root: Path, source: Source) -> bytes:
    """The pinned file from a clone of its repository under `root`, checked by blob id."""
    owner_name = source.repo.replace("/", "+")
    candidates = [root / owner_name / "repo", root / owner_name, root / source.repo.split("/")[1]]
    for place in candidates:
        if not place.is_dir():
            continue
        git = ["git", "--git-dir", str(place)] if (place / "HEAD").is_file() else \
            ["git", "-C", str(place)]
        done = subprocess.run([*git, "cat-file", "blob", f"{source.commit}:{source.path}"],
                              capture_output=True, check=False)
        if done.returncode == 0:
            if git_blob_id(done.stdout) != source.blob:
                raise SystemExit(f"{source.repo}:{source.path} at {source.commit[:12]} is not "
                                 f"blob {source.blob}")
            return done.stdout
    raise SystemExit(f"no clone of {source.repo} holding commit {source.commit[:12]} under {root}")


def source_records(data: bytes, form: str) -> list[dict[str, object]]:
    text = data.decode("utf-8")
    if form == "plain-csv":
        return list(csv.DictReader(io.StringIO(text, newline="")))
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def select(root: Path) -> list[dict[str, object]]:
    """The selected source records (Wikinews fields), each with the name of its source."""
    picked: list[dict[str, object]] = []
    for name, titles in SELECTION.items():
        records = source_records(read_source(root, SOURCES[name]), SOURCES[name].form)
        by_title = {str(r["title"]): r for r in records}
        missing = [t for t in titles if t not in by_title]
        if missing:
            raise SystemExit(f"{name}: no article titled {missing}")
        picked += [{"source": name, "record": _wikinews_fields(by_title[t])} for t in titles]
    return picked


# A record's Wikinews fields. WikinewsSum records also carry the texts of the news sites
# an article cites ("sources"): those are not Wikinews's to license, so they stay out.
KEPT_FIELDS = ("title", "text", "categories", "date", "url")


def _wikinews_fields(record: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in record.items() if key in KEPT_FIELDS}


def dump_line(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) + "\n"


# ------------------------------------------------------------------ step 2: the corpus


def article(entry: dict[str, object]) -> dict[str, str]:
    """One corpus article (id, title, text, published, url) from one excerpt entry."""
    source = SOURCES[str(entry["source"])]
    record = entry["record"]
    assert isinstance(record, dict)
    title = str(record["title"])
    if source.form == "plain-csv":
        published = str(record["date"])
        text = clean_plain(str(record["text"]))
        url = wikinews_url(title)
    else:
        wikitext = "\n".join(str(p) for p in record["text"])
        categories = [str(c) for c in record.get("categories", [])]
        published = wikitext_date(wikitext, categories)
        text = clean_wikitext(wikitext)
        url = wikinews_url(title)
    if not published or len(text) < 200 or "{{" in text or "[[" in text:
        raise SystemExit(f"{title!r}: no publication date, too little text or broken markup")
    return {"id": article_id(published, title), "title": title, "text": text,
            "published": published, "url": url}


def licence(published: str) -> str:
    return PD if published < PD_BEFORE else CC_BY


def manifest_rows(entries: list[dict[str, object]]) -> list[tuple[dict[str, str], list[str]]]:
    rows = []
    for entry in entries:
        art = article(entry)
        source = SOURCES[str(entry["source"])]
        digest = hashlib.sha256(dump_line(entry).encode("utf-8")).hexdigest()
        rows.append((art, [art["id"], art["title"], art["url"], art["published"],
                           licence(art["published"]), "Wikinews contributors",
                           f"https://github.com/{source.repo}/blob/{source.commit}/{source.path}",
                           source.commit, digest]))
    return sorted(rows, key=lambda row: (row[0]["published"], row[0]["id"]))


MANIFEST_HEADER = ["id", "title", "url", "published", "licence", "attribution", "source",
                   "commit", "excerpt_sha256"]


def attribution(rows: list[tuple[dict[str, str], list[str]]]) -> str:
    """Plain text (no .md/.txt suffix: `kg build seeds/` would read it as an article)."""
    lines = [
        "Attribution for the example corpus",
        "",
        "seeds/wikinews.jsonl holds news articles from Wikinews (https://en.wikinews.org/),",
        "the free news source, written by Wikinews contributors. Articles published on or",
        f"after 25 September 2005 are licensed under {CC_BY} ({CC_BY_URL});",
        "earlier ones were released into the public domain. The texts were reduced to plain",
        "paragraphs (links, templates, images and markup removed, the dateline dropped);",
        "nothing else was changed. They were built by tools/build_seed_corpus.py;",
        "seeds/MANIFEST.tsv names the source file and commit of each one.",
        "seeds/putin-beijing-nato.txt is the project's own text.",
        "",
        "Articles (published, title, source, licence):",
        "",
    ]
    for art, row in rows:
        lines += [f"{art['published']}  \"{art['title']}\", Wikinews, {art['url']}",
                  f"            {row[4]}"]
    return "\n".join(lines) + "\n"


def build(excerpt: Path, out: Path) -> None:
    entries = [json.loads(line) for line in excerpt.read_text(encoding="utf-8").splitlines()]
    rows = manifest_rows(entries)
    ids = [art["id"] for art, _ in rows]
    if len(set(ids)) != len(ids):
        raise SystemExit("two articles share an id")
    out.mkdir(parents=True, exist_ok=True)
    (out / "wikinews.jsonl").write_text("".join(dump_line(art) for art, _ in rows),
                                        encoding="utf-8", newline="\n")
    table = io.StringIO(newline="")
    writer = csv.writer(table, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(MANIFEST_HEADER)
    writer.writerows(row for _, row in rows)
    (out / "MANIFEST.tsv").write_text(table.getvalue(), encoding="utf-8", newline="\n")
    (out / "ATTRIBUTION").write_text(attribution(rows), encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--select", type=Path, metavar="DIR",
                        help="re-cut the excerpt from clones of the source repositories in DIR")
    parser.add_argument("--excerpt", type=Path, default=EXCERPT)
    parser.add_argument("--out", type=Path, default=SEEDS, help="output folder (seeds/)")
    args = parser.parse_args(argv)
    if args.select:
        args.excerpt.parent.mkdir(parents=True, exist_ok=True)
        args.excerpt.write_text("".join(dump_line(e) for e in select(args.select)),
                                encoding="utf-8", newline="\n")
    build(args.excerpt, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
