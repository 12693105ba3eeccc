"""Parser of PETRARCH2's CAMEO verb dictionary (tools/sources/petrarch2/CAMEO.2.0.txt).

The file has three parts: synonym sets (`&NAME` then `+phrase` lines), verb blocks (a
`--- NAME [code] ---` header, verb lines `WORD {irregular forms} [code]`, multi-word verbs
with `+` before the verb word: `+ASK_FOR`, `WIRE_+TAP`, then pattern lines
`- pre-verb * post-verb [code] # verb`), and transformations (`~ ...`, not used here).
Pattern tokens: words, `{WORDS}` (a noun phrase, the last word its head), `(PREP ...)`
(a prepositional phrase), `&SET` (a synonym set), `$` / `+` (where the source / target
actor is), `^` (skip a noun phrase), `%` (a compound actor). A code is `NNN`, `---` (no
event), `NNN:MMM` (source→target NNN, and target→source MMM) or `:MMM` (only the latter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sourcelib import SourceError, read_lines

# Lines of the vendored file that are defective at the source, skipped and counted.
SOURCE_QUIRKS = {
    "- * DOWN (FROM)                                       [080!]        # BACK":
        "code '080!' is no CAMEO code",
    '- * VENTURE (WITH VISIT)                              VISIT)[042:043]  # MAKE':
        "stray text after the pattern",
    '- STRONGLY * ATTACK (ON ^)                            ^)[111]       # CONDEMN':
        "stray text after the pattern",
}
_HEADER = re.compile(r"^---\s+(.+?)\s*\[([^\]]*)\][-\s]*$")
_VERB = re.compile(r"^([A-Z+][A-Z0-9_+.'-]*)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?\s*([#;].*)?$")
_PATTERN = re.compile(r"^-\s+(.*?)\s*\[([^\]]*)\]\s*(#.*)?$")
_CODE = re.compile(r"^(\d{3,4})?(?::(\d{3,4}))?$")


@dataclass
class Verb:
    block: str
    words: list[str]  # lower-case, in order
    verb_index: int  # which of the words is the verb
    forms: list[str]
    code: str  # '' for none
    line: int


@dataclass
class Pattern:
    block: str
    tokens: list[object]  # str, ('np', [...]), ('pp', prep, [...])
    code: str
    reverse: str
    comment: str
    line: int


@dataclass
class Dictionary:
    synsets: dict[str, tuple[bool, list[tuple[str, int]]]] = field(default_factory=dict)
    blocks: dict[str, str] = field(default_factory=dict)  # block name -> block code
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)
    quirks: list[str] = field(default_factory=list)
    transformations: int = 0


def parse_code(path: Path, number: int, text: str) -> tuple[str, str]:
    """'NNN' / '---' / 'NNN:MMM' / ':MMM' → (code, reverse code), '' where absent."""
    text = text.strip()
    if text == "---" or text == "":
        return "", ""
    match = _CODE.match(text)
    if not match or not (match.group(1) or match.group(2)):
        raise SourceError(path, number, f"not a CAMEO code: [{text}]")
    code, reverse = match.group(1) or "", match.group(2) or ""
    for value in (code, reverse):
        if value and not 1 <= int(value[:2]) <= 20:
            raise SourceError(path, number, f"CAMEO code outside roots 01-20: {value}")
    return code, reverse


def parse_verb(path: Path, number: int, text: str, block: str) -> Verb:
    match = _VERB.match(text.strip())
    if not match:
        raise SourceError(path, number, f"not a verb line: {text.strip()!r}")
    phrase, forms, code, _comment = match.groups()
    words = [w for w in phrase.split("_") if w]
    marked = [i for i, w in enumerate(words) if w.startswith("+")]
    if len(words) > 1 and len(marked) != 1:
        raise SourceError(path, number, f"multi-word verb needs one '+' before its verb: {phrase}")
    verb_code = parse_code(path, number, code[1:-1])[0] if code else ""
    form_list = [f.replace("+", "").replace("_", " ").lower()
                 for f in (forms or "{}")[1:-1].split()]
    return Verb(block, [w.lstrip("+").lower() for w in words], marked[0] if marked else 0,
                form_list, verb_code, number)


def tokenize(path: Path, number: int, text: str) -> list[object]:
    """Pattern text → tokens; unbalanced brackets are a SourceError."""
    tokens: list[object] = []
    stack: list[list[object]] = [tokens]
    for piece in re.findall(r"[{}()*]|[^\s{}()*]+", text):
        if piece in "{(":
            group: list[object] = ["np" if piece == "{" else "pp"]
            stack[-1].append(group)
            stack.append(group)
        elif piece in "})":
            if len(stack) == 1 or stack[-1][0] != ("np" if piece == "}" else "pp"):
                raise SourceError(path, number, f"unbalanced '{piece}' in pattern: {text}")
            stack.pop()
        else:
            stack[-1].append(piece.lower())
    if len(stack) != 1:
        raise SourceError(path, number, f"unclosed bracket in pattern: {text}")
    if tokens.count("*") != 1:
        raise SourceError(path, number, f"pattern needs exactly one '*' (the verb): {text}")
    return tokens


def parse(path: Path) -> Dictionary:
    """Read the whole dictionary; every line is used, skipped as documented, or an error."""
    result = Dictionary()
    synset: str | None = None
    block: str | None = None
    for number, text in read_lines(path):
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            synset = None if not stripped else synset
            continue
        if stripped in SOURCE_QUIRKS:
            result.quirks.append(f"{path.name}:{number}: {SOURCE_QUIRKS[stripped]}")
        elif stripped.startswith("~"):
            result.transformations += 1
        elif block is None and stripped.startswith("&"):
            synset = stripped[1:].split("#")[0].strip()
            result.synsets[synset.rstrip("_")] = (not synset.endswith("_"), [])
        elif block is None and stripped.startswith("+") and synset:
            phrase = stripped[1:].split("#")[0].strip()
            result.synsets[synset.rstrip("_")][1].append((phrase, number))
        elif header := _HEADER.match(stripped):
            block = header.group(1).strip()
            if block in result.blocks:
                raise SourceError(path, number, f"verb block {block!r} defined twice")
            result.blocks[block] = parse_code(path, number, header.group(2))[0]
        elif block is None:
            raise SourceError(path, number, f"line outside a synset or verb block: {stripped!r}")
        elif stripped.startswith("-"):
            result.patterns.append(parse_pattern(path, number, stripped, block))
        else:
            result.verbs.append(parse_verb(path, number, stripped, block))
    return result


def parse_pattern(path: Path, number: int, text: str, block: str) -> Pattern:
    match = _PATTERN.match(text)
    if not match:
        raise SourceError(path, number, f"pattern without a [code]: {text!r}")
    body, code_text, comment = match.groups()
    code, reverse = parse_code(path, number, code_text)
    return Pattern(block, tokenize(path, number, body), code, reverse,
                   (comment or "#")[1:].strip(), number)
