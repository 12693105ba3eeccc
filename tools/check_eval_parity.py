#!/usr/bin/env python3
"""Check that `kg eval` gives the same figures as the evaluation set's own scorer.

Runs `kg extract` over the dev set (unless --pred is given), scores the predictions with both
`../shared/eval/score.py` and `kg eval --actors ../shared/eval/actors.tsv`, prints the figures
side by side and exits 1 on any difference: every predicate's tp/fp/fn/P/R/F1, structural,
polarity, stance, the number of articles, and the lists of misses and false positives.

    .venv/bin/python tools/check_eval_parity.py [--shared ../shared] [--pred pred.jsonl]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORE_LINE = re.compile(r"^(\S+)\s+P ([\d.]+)\s+R ([\d.]+)\s+F1 ([\d.]+)"
                        r"(?:\s+\(tp (\d+), fp (\d+), fn (\d+)\))?$")
ERROR_LINE = re.compile(r"^(missed|spurious): ([^:]+): (.*)$")
ARTICLES = re.compile(r"^stance micro F1 .* over (\d+) articles$")
SUMMARY = ("structural", "polarity", "stance")


def run(cmd: list[str], out: Path | None = None) -> str:
    """Run a command; stop with its stderr if it fails."""
    with (out.open("w", encoding="utf-8") if out else tempfile.TemporaryFile("w+")) as sink:
        done = subprocess.run(cmd, stdout=sink, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        if done.returncode != 0:
            sys.exit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr}")
        if out:
            return ""
        sink.seek(0)
        return sink.read()


def parse_score_py(text: str) -> tuple[dict[str, tuple], set[tuple], int]:
    """score.py's output: {name: (P, R, F1, tp, fp, fn)}, its error lines, the articles."""
    figures: dict[str, tuple] = {}
    errors: set[tuple] = set()
    articles = -1
    for line in text.splitlines():
        if m := ERROR_LINE.match(line):
            errors.add((m[1], m[2], m[3].lower()))
        elif m := ARTICLES.match(line):
            articles = int(m[1])
        elif m := SCORE_LINE.match(line):
            counts = tuple(int(x) for x in m.groups()[4:]) if m[5] else (None, None, None)
            figures[m[1]] = (m[2], m[3], m[4], *counts)
    return figures, errors, articles


def parse_kg_eval(report: dict) -> tuple[dict[str, tuple], set[tuple], int]:
    """`kg eval --format json --errors` in the same shape as `parse_score_py`."""
    def row(c: dict, counts: bool = True) -> tuple:
        fig = tuple(f"{c[k]:.3f}" for k in ("precision", "recall", "f1"))
        return fig + ((c["tp"], c["fp"], c["fn"]) if counts else (None, None, None))

    figures = {name: row(c) for name, c in report["predicates"].items()}
    figures.update({name: row(report[name], name != "polarity") for name in SUMMARY})

    def text(r: dict) -> str:
        neg = "NOT " if r["negated"] else ""
        return f"{r['subject']} {neg}{r['predicate']} {r['object']}".lower()

    errors = {("missed", r["doc"], text(r)) for r in report["errors"]["misses"]}
    errors |= {("spurious", r["doc"], text(r)) for r in report["errors"]["false_positives"]}
    return figures, errors, report["articles"]


def compare(ours: tuple, theirs: tuple) -> list[str]:
    """Every difference between the two scorers, as lines of text."""
    (fig_a, err_a, n_a), (fig_b, err_b, n_b) = ours, theirs
    problems = [f"articles: kg eval {n_a}, score.py {n_b}"] if n_a != n_b else []
    for name in sorted(set(fig_a) | set(fig_b)):
        if fig_a.get(name) != fig_b.get(name):
            problems.append(f"{name}: kg eval {fig_a.get(name)}, score.py {fig_b.get(name)}")
    problems += [f"only kg eval lists: {e}" for e in sorted(err_a - err_b)]
    problems += [f"only score.py lists: {e}" for e in sorted(err_b - err_a)]
    return problems


def side_by_side(ours: dict[str, tuple], theirs: dict[str, tuple]) -> str:
    lines = [f"{'':<16} {'score.py P/R/F1 (tp fp fn)':<36} kg eval P/R/F1 (tp fp fn)"]
    names = sorted(set(ours) - set(SUMMARY)) + list(SUMMARY)
    for name in names:
        cells = []
        for fig in (theirs.get(name), ours.get(name)):
            if fig is None:
                cells.append("-")
                continue
            counts = f" ({fig[3]} {fig[4]} {fig[5]})" if fig[3] is not None else ""
            cells.append(f"{fig[0]}/{fig[1]}/{fig[2]}{counts}")
        lines.append(f"{name:<16} {cells[0]:<36} {cells[1]}")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--pred", type=Path, help="score these predictions instead of extracting")
    ap.add_argument("--nlp", default="spacy", help="backend for kg extract (default: spacy)")
    args = ap.parse_args()
    evaluation = args.shared.resolve() / "eval"
    gold, scorer = evaluation / "dev" / "gold.jsonl", evaluation / "score.py"
    if not scorer.exists():
        sys.exit(f"no scorer at {scorer}")
    kg = [sys.executable, "-m", "kg.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        pred = args.pred.resolve() if args.pred else Path(tmp) / "pred.jsonl"
        if not args.pred:
            texts = sorted(str(p) for p in (evaluation / "dev").glob("*.txt"))
            run([*kg, "extract", *texts, "--nlp", args.nlp, "--format", "jsonl"], out=pred)
        theirs = parse_score_py(run([sys.executable, str(scorer), "--gold", str(gold),
                                     "--pred", str(pred), "--errors"]))
        ours = parse_kg_eval(json.loads(run([*kg, "eval", str(gold), str(pred), "--actors",
                                             str(evaluation / "actors.tsv"), "--errors",
                                             "--format", "json"])))
    print(side_by_side(ours[0], theirs[0]))
    problems = compare(ours, theirs)
    for problem in problems:
        print(f"DIFFERENT {problem}")
    if problems:
        return 1
    print(f"kg eval and score.py agree on every figure ({len(ours[0])} rows, "
          f"{len(ours[1])} listed errors, {ours[2]} articles)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
