"""`kg eval`: figures on hand-made gold and predictions (expected values computed by hand)."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.evaluation.labels import ActorTable, LabelMatcher, norm
from kg.evaluation.loading import ActorRef
from kg.evaluation.scoring import construction_of, cue_of
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "eval"
GOLD, PRED, ACTORS = DATA / "gold.jsonl", DATA / "pred.jsonl", DATA / "actors.tsv"


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(app, ["eval", *args], input=stdin)


def report(*args: str) -> dict:
    result = run(str(GOLD), str(PRED), "--actors", str(ACTORS), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def counts(c: dict) -> tuple:
    return c["tp"], c["fp"], c["fn"], round(c["precision"], 3), round(c["recall"], 3), round(
        c["f1"], 3)


# --- the hand-made set (tests/data/eval): what each figure is, and why -----------------------
# alpha: "Russian Federation"(Q159) and "the Kremlin"/"Nato" opposes collapse into one TP;
#   criticizes (future) and attacks (hypothetical) are ignored, so the gold criticizes is a
#   miss; NATO threatens Russia (not negated) is a FP and the gold NOT threatens a miss;
#   "Putin" (Wikidata IRI of Q7747) leader_of Russia matches gold "Vladimir Putin" through
#   the gazetteer. beta: "the Freedonian government" (alias) supports Sylvania (two mentions,
#   one relation), "Sylvanian Republic" (Q999999 of the --actors table) engages_with
#   Freedonia, "United States of America" (Q30, gazetteer) sanctions Russia: 3 TP; opposes is
#   conditional (ignored); criticizes is a FP. gamma: Germany member_of NATO TP; Poland
#   member_of NATO (doc given as news/gamma.txt) FP; "United Kingdom" (gazetteer, Q145 ->
#   the table's "Britain") criticizes Freedonia TP; demands is a miss. delta is not in gold.


def test_summary_figures():
    out = report()
    assert out["articles"] == 3
    assert counts(out["stance"]) == (5, 2, 3, 0.714, 0.625, 0.667)
    assert counts(out["structural"]) == (2, 1, 0, 0.667, 1.0, 0.8)
    assert counts(out["polarity"]) == (5, 2, 2, 0.714, 0.714, 0.714)
    assert out["ignored"] == {"unasserted_mentions": 3, "documents_not_in_gold": ["delta"]}


def test_per_predicate():
    got = {p: counts(c)[:3] for p, c in report()["predicates"].items()}
    assert got == {
        "criticizes": (1, 1, 1), "demands": (0, 0, 1), "engages_with": (1, 0, 0),
        "leader_of": (1, 0, 0), "member_of": (1, 1, 0), "opposes": (1, 0, 0),
        "sanctions": (1, 0, 0), "supports": (1, 0, 0), "threatens": (0, 1, 1),
    }  # no "attacks": its only mention is hypothetical


def test_without_gazetteer_only_the_table_matches():
    out = report("--no-gazetteer")
    # US (Q30), "United Kingdom" and "Putin" no longer reach their gold labels.
    assert counts(out["stance"])[:3] == (3, 4, 5)
    assert counts(out["structural"])[:3] == (1, 2, 1)


def test_by_rule_and_construction():
    out = report("--by", "rule", "--by", "construction", "--by", "cue")
    rules = {r["rule"]: (r["mentions"], r["tp"], r["fp"]) for r in out["rules"]}
    assert rules == {
        "member": (2, 1, 1),
        "cue-condemn|verb_frame|negation_flip": (1, 0, 1),
        "cue-threaten|verb_frame|": (1, 0, 1),
        "cue-back|verb_frame|": (2, 1, 0),  # two mentions of one relation
        "cue-condemn|verb_frame|": (1, 1, 0),
        "cue-meet|verb_frame|": (1, 1, 0),
        "cue-oppose|verb_frame|": (1, 1, 0),  # each of two rules behind one relation
        "cue-reject|verb_frame|": (1, 1, 0),
        "cue-sanction|noun_frame|": (1, 1, 0),
        "title": (1, 1, 0),
    }
    assert out["rules"][0]["rule"] == "member"  # most relations first
    assert out["rules"][0]["precision"] == 0.5
    constructions = {r["rule"]: (r["mentions"], r["tp"], r["fp"]) for r in out["constructions"]}
    assert constructions == {"verb_frame": (8, 4, 2), "(none)": (3, 2, 1),
                             "noun_frame": (1, 1, 0)}
    cues = {r["rule"]: (r["mentions"], r["tp"], r["fp"]) for r in out["cues"]}
    assert cues["cue-condemn"] == (2, 1, 1)  # one right, one wrong (after a rewrite)
    assert cues["cue-oppose"] == (1, 1, 0) and cues["member"] == (2, 1, 1)


def test_by_document():
    docs = report("--by", "document")["documents"]
    got = {d["doc"]: (counts(d["stance"])[:3], counts(d["structural"])[:3]) for d in docs}
    assert got == {"alpha": ((1, 1, 2), (1, 0, 0)), "beta": ((3, 1, 0), (0, 0, 0)),
                   "gamma": ((1, 0, 1), (1, 1, 0))}


def test_errors_list_sentences_rules_and_notes():
    errors = report("--errors")["errors"]
    fps = {(e["doc"], e["subject"], e["predicate"], e["object"]): (e["rules"], e["sentences"])
           for e in errors["false_positives"]}
    assert fps == {
        ("alpha", "NATO", "threatens", "Russia"):
            (["cue-threaten|verb_frame|"], ["NATO is no threat to Russia."]),
        ("beta", "Freedonia", "criticizes", "Sylvania"):
            (["cue-condemn|verb_frame|negation_flip"], ["Freedonia did not praise Sylvania."]),
        ("gamma", "Poland", "member_of", "NATO"):
            (["member"], ["NATO members Germany and Poland."]),
    }
    misses = {(e["doc"], e["subject"], e["predicate"], e["object"], e["negated"]):
              (e["notes"], [(o["predicate"], o["negated"]) for o in e["predicted_instead"]])
              for e in errors["misses"]}
    assert misses == {
        ("alpha", "NATO", "threatens", "Russia", True):
            (["NATO is no threat to Russia"], [("threatens", False)]),
        ("alpha", "Russia", "criticizes", "NATO", False):
            (["the Kremlin will criticise NATO"], [("opposes", False)]),
        ("gamma", "Freedonia", "demands", "Sylvania", False):
            (["Freedonia urged Sylvania to talk"], []),
    }


def test_table_output():
    result = run(str(GOLD), str(PRED), "--actors", str(ACTORS), "--by", "rule", "--errors")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Scores over 3 articles" in out and "By rule" in out
    assert "cue-condemn|verb_frame|negation_flip" in out
    assert "NATO NOT threatens Russia" in out and "Freedonia did not praise Sylvania." in out
    assert "0.714" in out and "0.625" in out and "0.667" in out


def test_predictions_from_stdin():
    result = run(str(GOLD), "-", "--actors", str(ACTORS), "--format", "json",
                 stdin=PRED.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert counts(json.loads(result.stdout)["stance"])[:3] == (5, 2, 3)


def test_several_prediction_files_are_one_set(tmp_path):
    lines = PRED.read_text(encoding="utf-8").splitlines(keepends=True)
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("".join(lines[:7]), encoding="utf-8")
    second.write_text("".join(lines[7:]), encoding="utf-8")
    result = run(str(GOLD), str(first), str(second), "--actors", str(ACTORS), "-f", "json")
    assert result.exit_code == 0, result.output
    assert counts(json.loads(result.stdout)["stance"])[:3] == (5, 2, 3)


# --- bad input: exit 2, the file and line named, no traceback --------------------------------

GOOD_REL = {"subject": "Russia", "predicate": "opposes", "object": "NATO", "negated": False}
PRED_ROW = json.loads(PRED.read_text(encoding="utf-8").splitlines()[0])


@pytest.mark.parametrize(("kind", "lines", "message"), [
    ("gold", ['{"doc": "a", "relations": []}', "{not json"], ":2: not JSON"),
    ("gold", [json.dumps({"doc": "a", "relations": [{**GOOD_REL, "predicate": "oposes"}]})],
     ":1: relation 1: unknown predicate 'oposes'"),
    ("gold", ['{"doc": "a", "relations": []}', '{"doc": "a", "relations": []}'],
     ":2: document 'a' already given on line 1"),
    ("gold", ['{"doc": "a", "relations": {}}'], ":1: 'relations' must be a list"),
    ("gold", ['["doc"]'], ":1: expected a JSON object"),
    ("gold", [json.dumps({"doc": "a", "relations": [{**GOOD_REL, "negated": "no"}]})],
     ":1: relation 1: 'negated' must be true or false"),
    ("pred", [json.dumps(PRED_ROW), json.dumps({**PRED_ROW, "subject": None})],
     ":2: 'subject' must be a label or an object"),
    ("pred", [json.dumps({k: v for k, v in PRED_ROW.items() if k != "object"})],
     ":1: missing 'object'"),
    ("pred", [json.dumps({**PRED_ROW, "modality": "perhaps"})], ":1: unknown modality"),
    ("pred", [json.dumps({**PRED_ROW, "doc": ""})], ":1: 'doc' must be a non-empty string"),
])
def test_malformed_jsonl_exits_2_with_file_and_line(tmp_path, kind, lines, message):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    gold, pred = (bad, PRED) if kind == "gold" else (GOLD, bad)
    result = run(str(gold), str(pred))
    assert result.exit_code == 2
    assert f"kg: error: {bad}{message}" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_files_exit_2(tmp_path):
    no_label = tmp_path / "actors.tsv"
    no_label.write_text("name\twikidata\nRussia\tQ159\n", encoding="utf-8")
    empty_label = tmp_path / "empty.tsv"
    empty_label.write_text("# comment\nlabel\twikidata\n\tQ1\n", encoding="utf-8")
    empty_gold = tmp_path / "gold.jsonl"
    empty_gold.write_text("\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Moscow rejected the plan.", encoding="utf-8")
    cases = [
        ((str(GOLD), str(PRED), "--actors", str(no_label)), f"{no_label}:1: no 'label' column"),
        ((str(GOLD), str(PRED), "--actors", str(empty_label)), f"{empty_label}:3: empty label"),
        ((str(tmp_path / "none.jsonl"), str(PRED)), "none.jsonl: no such file"),
        ((str(GOLD), str(tmp_path / "missing.jsonl")), "missing.jsonl: no such file"),
        ((str(empty_gold), str(PRED)), "no gold documents"),
        ((str(GOLD), str(PRED), str(article)), "not both"),
        (("-", "-"), "cannot both come from standard input"),
    ]
    for args, message in cases:
        result = run(*args)
        assert result.exit_code == 2, args
        assert message in result.stderr, (args, result.stderr)


def test_real_process_bad_input_no_traceback(tmp_path):
    bad = tmp_path / "pred.jsonl"
    bad.write_bytes(b'{"doc": "alpha"\n\xff\xfe\n')
    done = subprocess.run([sys.executable, "-m", "kg.cli", "eval", str(GOLD), str(bad)],
                          capture_output=True, text=True, timeout=120, env=os.environ.copy())
    assert done.returncode == 2
    assert f"kg: error: {bad}: not UTF-8 text" in done.stderr
    assert "Traceback" not in done.stderr


# --- articles extracted by kg eval itself (spaCy backend) ------------------------------------

def test_articles_are_extracted_and_scored(tmp_path):
    article = tmp_path / "kyiv-plan.txt"
    article.write_text("Moscow rejected the peace plan put forward by Kyiv.", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "kyiv-plan", "relations": [
        {"subject": "Russia", "predicate": "opposes", "object": "Ukraine", "negated": False},
        {"subject": "Ukraine", "predicate": "attacks", "object": "Russia", "negated": False},
    ]}) + "\n", encoding="utf-8")
    # The directory holding both: the gold file is not read as articles.
    whole_dir = run(str(gold), str(tmp_path), "--nlp", "spacy", "--format", "json")
    assert whole_dir.exit_code == 0, whole_dir.output
    assert counts(json.loads(whole_dir.stdout)["stance"])[:3] == (1, 0, 1)
    saved = tmp_path / "saved.jsonl"
    direct = run(str(gold), str(article), "--nlp", "spacy", "--format", "json", "--errors",
                 "--save-predictions", str(saved))
    assert direct.exit_code == 0, direct.output
    figures = json.loads(direct.stdout)
    assert counts(figures["stance"])[:3] == (1, 0, 1)
    # The same articles as a JSONL of articles, and the saved mentions as predictions, score
    # the same.
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": "kyiv-plan", "text": article.read_text()}) + "\n",
                        encoding="utf-8")
    for source in (articles, saved):
        again = run(str(gold), str(source), "--nlp", "spacy", "--format", "json", "--errors")
        assert again.exit_code == 0, again.output
        assert json.loads(again.stdout) == figures


def test_unreadable_article_exits_2_without_scores(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "x", "relations": []}\n', encoding="utf-8")
    empty = tmp_path / "x.txt"
    empty.write_bytes(b"")
    result = run(str(gold), str(empty), "--nlp", "spacy")
    assert result.exit_code == 2
    assert "empty input" in result.stderr and "not scoring a partial run" in result.stderr
    assert "Scores over" not in result.stdout


# --- pieces --------------------------------------------------------------------------------

def test_construction_part_of_rule_ids():
    assert construction_of("cue-reject|verb_frame|negation") == "verb_frame"
    assert construction_of("cues.tsv:22:reject/VERB") == "(none)"  # older ids have no parts
    assert construction_of("cue||") == "(none)"
    assert construction_of("cue| noun_frame") == "noun_frame"
    assert cue_of("cue-reject|verb_frame|negation") == "cue-reject"
    assert cue_of("cues.tsv:22:reject/VERB") == "cues.tsv:22:reject/VERB"
    assert cue_of("|x|") == "(none)"


def test_label_matching():
    assert norm("The  Kremlin’s") == "kremlin's"
    table = ActorTable.read([ACTORS])
    labels = LabelMatcher([table])
    assert labels.canonical(ActorRef("the alliance")) == "NATO"
    assert labels.canonical(ActorRef("anything", "Q999999")) == "Sylvania"
    assert labels.canonical(ActorRef("Brad  Adams")) == "brad adams"
    assert labels.shown("brad adams") == "Brad Adams"
    # a gazetteer hit is translated to the table's label (Q145 -> "Britain")
    both = LabelMatcher.build(ACTORS)
    assert both.canonical(ActorRef("Great Britain")) == "Britain"
    assert both.canonical(ActorRef("USA")) == "United States"


# --- a synthetic gold/prediction pair: expectations from how it was built ---------------------

def test_synthetic_pair_matches_construction(tmp_path):
    rng = random.Random(12)
    predicates = ["opposes", "supports", "criticizes", "engages_with"]
    actors = [("Russia", "Q159"), ("China", "Q148"), ("France", "Q142"), ("Japan", "Q17")]
    gold_lines, pred_rows = [], []
    expect = {p: {"tp": 0, "fp": 0, "fn": 0} for p in predicates}
    for d in range(40):
        doc = f"doc-{d}"
        pairs = [(s, p, o) for s in actors for o in actors if s != o for p in predicates]
        rng.shuffle(pairs)
        n_gold, n_wrong = rng.randint(0, 5), rng.randint(0, 3)
        gold = pairs[:n_gold]
        n_found = rng.randint(0, n_gold)
        gold_lines.append(json.dumps({"doc": doc, "relations": [
            {"subject": s[0], "predicate": p, "object": o[0], "negated": False}
            for s, p, o in gold]}))
        for s, p, o in gold[:n_found]:  # found, each said 1-3 times, by Q-id or by name
            expect[p]["tp"] += 1
            for _ in range(rng.randint(1, 3)):
                subject = {"label": "x", "wikidata": s[1]} if rng.random() < .5 else s[0]
                pred_rows.append((doc, subject, p, o[0], False, None))
        for s, p, o in gold[n_found:]:  # missed: said only as future, or negated (spurious)
            expect[p]["fn"] += 1
            expect[p]["fp"] += 1
            pred_rows.append((doc, s[0], p, o[0], False, "future"))
            pred_rows.append((doc, s[0], p, o[0], True, None))
        for s, p, o in pairs[n_gold:n_gold + n_wrong]:  # spurious
            expect[p]["fp"] += 1
            pred_rows.append((doc, s[0], p, o[0], False, None))
    rng.shuffle(pred_rows)
    gold_file, pred_file = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold_file.write_text("\n".join(gold_lines) + "\n", encoding="utf-8")
    pred_file.write_text("".join(
        json.dumps({"doc": d, "subject": s, "predicate": p, "object": o, "negated": n,
                    "modality": m}) + "\n" for d, s, p, o, n, m in pred_rows), encoding="utf-8")
    result = run(str(gold_file), str(pred_file), "--format", "json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    for p in predicates:
        got = out["predicates"][p]
        assert {k: got[k] for k in ("tp", "fp", "fn")} == expect[p], p
    tp, fp, fn = (sum(e[k] for e in expect.values()) for k in ("tp", "fp", "fn"))
    stance = out["stance"]
    assert (stance["tp"], stance["fp"], stance["fn"]) == (tp, fp, fn)
    assert stance["precision"] == pytest.approx(tp / (tp + fp))
    assert stance["recall"] == pytest.approx(tp / (tp + fn))
    assert stance["f1"] == pytest.approx(2 * tp / (2 * tp + fp + fn))
    assert out["structural"]["tp"] + out["structural"]["fp"] + out["structural"]["fn"] == 0


# --- the parity checker's own comparison (the dev-set run itself is in .ci/run) -------------

def _parity_module():
    spec = importlib.util.spec_from_file_location(
        "check_eval_parity", ROOT / "tools" / "check_eval_parity.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_parity_checker_reads_both_outputs_and_finds_differences():
    parity = _parity_module()
    score_py = "\n".join([
        "opposes        P 1.000  R 0.500  F1 0.667   (tp 1, fp 0, fn 1)",
        "cooperates_with P 0.000  R 0.000  F1 0.000   (tp 0, fp 1, fn 0)",
        "",
        "structural     P 0.000  R 0.000  F1 0.000   (tp 0, fp 0, fn 0)",
        "polarity       P 0.500  R 0.500  F1 0.500",
        "missed: d1: Russia NOT opposes NATO",
        "spurious: d1: china cooperates_with Russia",
        "stance         P 0.500  R 0.500  F1 0.500   (tp 1, fp 1, fn 1)",
        "stance micro F1 0.500 (P 0.500 R 0.500) over 1 articles",
    ])
    theirs = parity.parse_score_py(score_py)
    zero = {"tp": 0, "fp": 0, "fn": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    half = {"tp": 1, "fp": 1, "fn": 1, "precision": .5, "recall": .5, "f1": .5}
    ours_json = {
        "articles": 1, "stance": half, "structural": zero, "polarity": half,
        "predicates": {"opposes": {"tp": 1, "fp": 0, "fn": 1, "precision": 1.0,
                                   "recall": .5, "f1": 2 / 3},
                       "cooperates_with": {**zero, "fp": 1}},
        "errors": {
            "misses": [{"doc": "d1", "subject": "Russia", "predicate": "opposes",
                        "object": "NATO", "negated": True}],
            "false_positives": [{"doc": "d1", "subject": "China", "predicate":
                                 "cooperates_with", "object": "Russia", "negated": False}]},
    }
    assert parity.compare(parity.parse_kg_eval(ours_json), theirs) == []
    ours_json["predicates"]["opposes"]["fn"] = 2
    ours_json["errors"]["misses"][0]["negated"] = False
    problems = parity.compare(parity.parse_kg_eval(ours_json), theirs)
    assert any(p.startswith("opposes:") for p in problems)
    assert any("only kg eval lists" in p for p in problems)
    assert any("only score.py lists" in p for p in problems)
