"""Stable ids for the generated CAMEO rows, and a view of them in the cue lexicon's layout
(for build_cameo_cues.py).

Ids do not move when the source file is edited: a verb is `cameo/BLOCK/words/code`, a
pattern `cameo/BLOCK/pattern/code` (spaces as `_`). Exact duplicates of a row are removed;
the same verb or pattern listed in one block with different codes is kept and marked
`conflict` (PETRARCH keeps only one of them; which one is not the dictionary's intent).

`lexicon_candidates.tsv` lists cues in the columns of the hand-written lexicon
(lemma[+particle], pos, predicate, objects, flags, confidence) with their id in the
lexicon's own scheme (`<lemma>[_<particle>].<pos>.<predicate>`), so a loader can skip a
candidate whose id the hand-written lexicon already has (the hand-written cue wins):

* VERB cues from verbs with a predicate: objects `obj`, plus the prepositions that the
  block's patterns of the same predicate put the target in (`* (with +)` → `with`);
  flags `symmetric` when CAMEO codes the act both ways (`[046:046]`).
* NOUN cues from patterns `* NOUN` whose object is a plain noun: the noun carries the stance
  and the block's verbs are its light verbs ("lodge a protest"); objects are the
  preposition of the pattern's target, else those the hand-written nouns of the predicate
  take (NOUN_TARGETS).

Confidence priors: 0.6 for a verb's own code, 0.5 for a block's default code or a noun,
0.4 when the id comes from rows with different predicates (kept once per predicate).
"""

from __future__ import annotations

from collections import defaultdict

CANDIDATE_COLUMNS = ["id", "lemma", "pos", "predicate", "objects", "flags", "confidence",
                     "modality", "cameo", "plover", "light_verbs", "origin", "support"]


def verb_key(row: dict[str, object]) -> str:
    return "_".join(str(x) for x in (row["prefix"], row["lemma"], row["particle"]) if x)


def code_key(row: dict[str, object]) -> str:
    return f"{row['code']}:{row['reverse_code']}" if row["reverse_code"] else str(row["code"])


def assign_ids(rows: list[dict[str, object]], kind: str) -> int:
    """Set `id` and `conflict` on every row in place; drop exact duplicates; return count."""
    def base(row: dict[str, object]) -> str:
        body = verb_key(row).replace(" ", "_") if kind == "verb" else \
            str(row["pattern"]).replace(" ", "_")
        return f"cameo/{row['block']}/{body}"

    codes: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        codes[base(row)].add(code_key(row))
    seen: set[str] = set()
    kept = []
    for row in rows:
        row["id"] = f"{base(row)}/{code_key(row) or '-'}"
        row["conflict"] = "yes" if len(codes[base(row)]) > 1 else ""
        if row["id"] not in seen:
            seen.add(str(row["id"]))
            kept.append(row)
    removed = len(rows) - len(kept)
    rows[:] = kept
    return removed


def verb_candidates(verbs: list[dict], patterns: list[dict]) -> dict[str, dict]:
    preps: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in patterns:
        if str(row["target"]).startswith("prep:") and row["predicate"]:
            preps[(str(row["block"]), str(row["predicate"]))].add(str(row["target"])[5:])
    out: dict[str, dict] = {}
    for row in verbs:
        if not row["predicate"] or row["prefix"] or row["conflict"]:
            continue  # pre-verb compounds have no place in the lemma+particle layout
        lemma = str(row["lemma"]) + (f"+{row['particle']}" if row["particle"] else "")
        predicate = str(row["predicate"])
        cue = out.setdefault(f"{lemma.replace('+', '_').replace(' ', '_')}.verb.{predicate}", {
            "lemma": lemma, "pos": "VERB", "predicate": predicate, "objects": {"obj"},
            "flags": set(), "confidence": 0.0, "modality": set(), "cameo": set(),
            "plover": set(), "light_verbs": set(), "origin": "verb", "support": 0})
        cue["objects"] |= preps[(str(row["block"]), predicate)]
        cue["confidence"] = max(cue["confidence"], 0.6 if row["code_from"] == "verb" else 0.5)
        add_common(cue, row)
        if row["direction"] == "both":
            cue["flags"].add("symmetric")
    return out


def noun_candidates(verbs: list[dict], patterns: list[dict]) -> dict[str, dict]:
    block_verbs: dict[str, set[str]] = defaultdict(set)
    for row in verbs:
        if not row["prefix"] and not row["particle"]:
            block_verbs[str(row["block"])].add(str(row["lemma"]))
    out: dict[str, dict] = {}
    for row in patterns:
        noun = singular(str(row["object"]))
        if (not row["predicate"] or row["pre"] or row["particle"] or row["conflict"]
                or not noun.isalpha() or row["source"]):
            continue
        predicate = str(row["predicate"])
        cue = out.setdefault(f"{noun}.noun.{predicate}", {
            "lemma": noun, "pos": "NOUN", "predicate": predicate, "objects": set(),
            "flags": set(), "confidence": 0.5, "modality": set(), "cameo": set(),
            "plover": set(), "light_verbs": set(), "origin": "pattern", "support": 0})
        if str(row["target"]).startswith("prep:"):
            cue["objects"].add(str(row["target"])[5:])
        cue["light_verbs"] |= block_verbs[str(row["block"])]
        add_common(cue, row)
    for cue in out.values():
        if not cue["objects"]:
            cue["objects"] = set(NOUN_TARGETS[cue["predicate"]])
    return out


# Where a pattern noun's target is when its pattern does not say: the prepositions the
# hand-written lexicon's nouns of the same predicate take ("break relations with X").
NOUN_TARGETS: dict[str, tuple[str, ...]] = {
    "accepts": ("of",), "attacks": ("against", "on"), "cooperates_with": ("with",),
    "criticizes": ("against", "over"), "demands": ("on",), "engages_with": ("with",),
    "opposes": ("against", "to"), "sanctions": ("against", "on"), "supports": ("for",),
    "threatens": ("against",)}


def singular(noun: str) -> str:
    """The lemma a parser gives a plural object noun ("relations" -> "relation", "supplies"
    -> "supply"), so that the cue matches it; words that only look plural stay."""
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is", "ews")) and len(noun) > 3:
        return noun[:-1]
    return noun


def add_common(cue: dict, row: dict[str, object]) -> None:
    cue["modality"].add(str(row["modality"]))
    cue["cameo"].add(code_key(row))
    if row["plover"]:
        cue["plover"].add(str(row["plover"]))
    cue["support"] += 1


def candidates(verbs: list[dict], patterns: list[dict]) -> list[dict[str, object]]:
    """Lexicon-layout rows; an id whose lemma also has another predicate gets 0.4."""
    cues = {**verb_candidates(verbs, patterns), **noun_candidates(verbs, patterns)}
    predicates: dict[str, set[str]] = defaultdict(set)
    for cue in cues.values():
        predicates[f"{cue['lemma']}.{cue['pos']}"].add(cue["predicate"])
    rows = []
    for cue_id, cue in cues.items():
        ambiguous = len(predicates[f"{cue['lemma']}.{cue['pos']}"]) > 1
        modality = "future" if cue["modality"] == {"future"} else (
            "" if cue["modality"] == {""} else "mixed")
        rows.append({**cue, "id": cue_id, "objects": ",".join(sorted(cue["objects"])) or "-",
                     "flags": ",".join(sorted(cue["flags"])), "modality": modality,
                     "confidence": 0.4 if ambiguous else cue["confidence"],
                     "cameo": sorted(cue["cameo"]), "plover": sorted(cue["plover"]),
                     "light_verbs": sorted(cue["light_verbs"])})
    return rows
