"""User actor dictionaries (`--actors FILE`, KG_ACTORS): rows checked with file and line,
actors added or overriding the gazetteer, as analysts use them (table-driven)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.actors.gazetteer import Gazetteer, read_gazetteer, read_persons
from kg.actors.resolve import resolve_actors
from kg.actors.user import UserActorsError, apply, read_user_actors
from kg.model import Article

HEADER = "id\tlabel\ttype\taliases\twikidata\taffiliation\tvalid_from\tvalid_to"

# (data row, message fragment): each bad row stops the read at its line (line 2).
BAD_ROWS = [
    ("\tWagner\tgroup\t\t\t\t\t", "empty id"),
    ("wagner\t\tgroup\t\t\t\t\t", "empty label"),
    ("wagner\tWagner\t\t\t\t\t\t", "empty type"),
    ("Wagner\tWagner\tgroup\t\t\t\t\t", "bad id"),
    ("wagner group\tWagner\tgroup\t\t\t\t\t", "bad id"),
    ("wagner_group\tWagner\tgroup\t\t\t\t\t", "bad id"),
    ("-wagner\tWagner\tgroup\t\t\t\t\t", "bad id"),
    ("wagner\tWagner\tcompany\t\t\t\t\t", "unknown type"),
    ("wagner\tWagner\tPerson\t\t\t\t\t", "unknown type"),
    ("wagner\tWagner\tgovernment\t\t\t\t\t", "unknown type"),
    ("wagner\tWagner\tgroup\t\tq123\t\t\t", "bad Wikidata id"),
    ("wagner\tWagner\tgroup\t\t123\t\t\t", "bad Wikidata id"),
    ("wagner\tWagner\tgroup\t\tQ0\t\t\t", "bad Wikidata id"),
    ("wagner\tWagner\tgroup\t\tQ12x\t\t\t", "bad Wikidata id"),
    ("wagner\tWagner\tgroup\t\t\tRussia\t\t", "bad affiliation"),
    ("wagner\tWagner\tgroup\t\t\trus sia\t\t", "bad affiliation"),
    ("wagner\tWagner\tgroup\t\t\trussia\t2014/05/01\t", "bad valid_from"),
    ("wagner\tWagner\tgroup\t\t\trussia\tMay 2014\t", "bad valid_from"),
    ("wagner\tWagner\tgroup\t\t\trussia\t\t23-06-2024", "bad valid_to"),
    ("wagner\tWagner\tgroup\t\t\trussia\t2014\tsoon", "bad valid_to"),
    ("wagner\tWagner\tgroup\t\t\trussia\t2024\t2014", "valid_to before valid_from"),
    ("wagner\tWagner\tgroup\t\t\t\t\t\textra", "cells, the header has"),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS, ids=[str(n) for n in range(len(BAD_ROWS))])
def test_bad_row_names_file_and_line(tmp_path, row, message):
    path = tmp_path / "actors.tsv"
    path.write_text(f"# my actors\n{HEADER}\n{row}\n", encoding="utf-8")
    with pytest.raises(UserActorsError) as err:
        read_user_actors(path)
    assert f"{path}:3:" in str(err.value) and message in str(err.value)


BAD_FILES = [
    ("", "no header row"),
    ("# only a comment\n", "no header row"),
    ("label\ttype\nWagner\tgroup\n", "missing ['id']"),
    ("id\tlabel\ttype\tcolour\nx\tX\tgroup\tred\n", "unknown ['colour']"),
    (f"{HEADER}\nwagner\tWagner\tgroup\t\t\t\t\t\nwagner\tWagner 2\tgroup\t\t\t\t\t\n",
     "given twice"),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES, ids=[m for _, m in BAD_FILES])
def test_bad_file(tmp_path, text, message):
    path = tmp_path / "actors.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserActorsError, match=str(path)) as err:
        read_user_actors(path)
    assert message in str(err.value)


def test_unreadable_file(tmp_path):
    with pytest.raises(UserActorsError, match="cannot read"):
        read_user_actors(tmp_path / "missing.tsv")
    binary = tmp_path / "binary.tsv"
    binary.write_bytes(b"\xff\xfe\x00id")
    with pytest.raises(UserActorsError, match="cannot read"):
        read_user_actors(binary)


def _gazetteer(rows: list[str], suffix: str, tmp_path: Path) -> Gazetteer:
    gaz = read_persons(read_gazetteer())
    sep = "," if suffix == ".csv" else "\t"
    path = tmp_path / f"actors{suffix}"
    path.write_text("\n".join([HEADER.replace("\t", sep), *rows]) + "\n", encoding="utf-8")
    apply(gaz, read_user_actors(path))
    return gaz


# (rows, sentence, actor id expected, its type, its affiliation)
GOOD = [
    (["wagner-group\tWagner Group\tgroup\tWagner|PMC Wagner\tQ20988766\trussia\t2014\t"],
     "The Wagner Group attacked Ukraine.", "wagner-group", "group", "russia"),
    (["wagner-group\tWagner Group\tgroup\tWagner|PMC Wagner\t\trussia\t\t"],
     "PMC Wagner attacked Ukraine.", "wagner-group", "group", "russia"),
    (["rsf\tRapid Support Forces\tgroup\tRSF\t\tsudan\t\t"],
     "The RSF attacked Khartoum.", "rsf", "group", "sudan"),
    (["m23\tM23\tgroup\tMarch 23 Movement\t\t\t\t"],
     "The March 23 Movement attacked Goma.", "m23", "group", None),
    (["jnim\tJNIM\tgroup\tJama'at Nusrat al-Islam wal-Muslimin\t\t\t\t"],
     "JNIM attacked Mali.", "jnim", "group", None),
    (["gazprom\tGazprom\torganization\t\tQ102673\trussia\t\t"],
     "Gazprom threatened Ukraine.", "gazprom", "organization", "russia"),
    (["mofa-japan\tJapanese Foreign Ministry\torganization\tGaimusho\t\tjapan\t\t"],
     "Gaimusho criticized China.", "mofa-japan", "organization", "japan"),
    (["lin-jian\tLin Jian\tperson\tLin\t\tchina\t2024\t"],
     "Lin Jian criticized Japan.", "lin-jian", "person", "china"),
    (["maria-zakharova\tMaria Zakharova\tperson\tZakharova\tQ4491744\trussia\t\t"],
     "Maria Zakharova criticized Britain.", "maria-zakharova", "person", "russia"),
    (["badr-abdelatty\tBadr Abdelatty\tperson\t\t\tegypt\t2024-07\t"],
     "Badr Abdelatty criticized Israel.", "badr-abdelatty", "person", "egypt"),
    # Overrides: the user's label, type, Wikidata id and affiliation win.
    (["nato\tNorth Atlantic Alliance\torganization\t\tQ7184\t\t\t"],
     "NATO criticized Russia.", "nato", "organization", None),
    (["sergei-lavrov\tSergey Lavrov\tperson\tLavrov\tQ80146\trussia\t2004\t"],
     "Sergei Lavrov criticized NATO.", "sergei-lavrov", "person", "russia"),
    (["houthis\tAnsar Allah\tgroup\tHouthis|Houthi\t\tyemen\t\t"],
     "Ansar Allah attacked Saudi Arabia.", "houthis", "group", "yemen"),
    (["eu-commission\tCommission\torganization\tBerlaymont\t\teuropean-union\t\t"],
     "The Berlaymont criticized Hungary.", "eu-commission", "organization",
     "european-union"),
    (["ecowas-force\tECOWAS Standby Force\torganization\tESF\t\tecowas\t\t"],
     "The ECOWAS Standby Force threatened Niger.", "ecowas-force", "organization",
     "ecowas"),
]


@pytest.mark.parametrize("suffix", [".tsv", ".csv"])
@pytest.mark.parametrize(("rows", "text", "actor_id", "kind", "affiliation"), GOOD,
                         ids=[g[2] for g in GOOD])
def test_user_actor_resolves(spacy_backend, tmp_path, suffix, rows, text, actor_id, kind,
                             affiliation):
    if suffix == ".csv":
        rows = [",".join(f'"{c}"' if "," in c else c for c in r.split("\t")) for r in rows]
    gaz = _gazetteer(rows, suffix, tmp_path)
    doc = next(spacy_backend.parse([Article(id="u", text=text, published="2025-01-01")]))
    actors = resolve_actors(doc, gaz).actors
    assert actor_id in actors, sorted(actors)
    assert (actors[actor_id].type, actors[actor_id].affiliation) == (kind, affiliation)


def test_validity_is_kept(tmp_path):
    gaz = _gazetteer(["lin-jian\tLin Jian\tperson\t\t\tchina\t2024-01\t2026"], ".tsv",
                     tmp_path)
    assert gaz.validity["lin-jian"] == ("2024-01", "2026")


def _kg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True,
                          text=True, timeout=300, env={**os.environ, **(env or {})})


def test_cli_actors_option_and_env(tmp_path):
    good = tmp_path / "mine.tsv"
    good.write_text(f"{HEADER}\nwagner-group\tWagner Group\tgroup\tPMC Wagner\t\trussia\t\t\n",
                    encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,label,type\nwagner,Wagner,militia\n", encoding="utf-8")
    text = tmp_path / "a.txt"
    text.write_text("PMC Wagner attacked Ukraine.", encoding="utf-8")
    run = _kg("extract", str(text), "--nlp", "spacy", "--actors", str(good))
    assert run.returncode == 0, run.stderr
    subjects = [json.loads(line)["subject"] for line in run.stdout.splitlines()]
    assert {"id": "wagner-group", "label": "Wagner Group", "type": "group", "wikidata": None,
            "affiliation": "russia"} in subjects
    failed = _kg("extract", str(text), "--nlp", "spacy", "--actors", str(bad))
    assert failed.returncode == 2 and f"{bad}:2: unknown type 'militia'" in failed.stderr
    assert "Traceback" not in failed.stderr and failed.stdout == ""
    by_env = _kg("build", str(text), "--nlp", "spacy", "--store", str(tmp_path / "s"),
                 env={"KG_ACTORS": str(bad)})
    assert by_env.returncode == 2 and f"{bad}:2:" in by_env.stderr
    assert not (tmp_path / "s").exists()
    served = _kg("serve", "--store", str(tmp_path / "s"), "--actors", str(bad))
    assert served.returncode == 2 and f"{bad}:2:" in served.stderr
