"""Plain text, dates, ids and URLs for Wikinews articles (used by build_seed_corpus.py)."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import datetime
from urllib.parse import quote

MONTH_DATE = (r"(?:January|February|March|April|May|June|July|August|September|October|"
              r"November|December) \d{1,2}, \d{4}")
DATELINE = re.compile(r"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, )?" + MONTH_DATE + r"\s*$")


def iso_date(text: str) -> str:
    return datetime.strptime(text.strip(), "%B %d, %Y").strftime("%Y-%m-%d")


def wikitext_date(wikitext: str, categories: list[str]) -> str | None:
    """The publication date: a {{date|...}} template, a bold dateline, or a date category."""
    for pattern in (r"\{\{date\|(" + MONTH_DATE + r")\}\}", r"'''(" + MONTH_DATE + r")'''"):
        match = re.search(pattern, wikitext)
        if match:
            return iso_date(match[1])
    for category in categories:
        if re.fullmatch(r"\s*" + MONTH_DATE + r"\s*", category):
            return iso_date(category)
    return None


def _link(match: re.Match[str]) -> str:
    target, _, label = match[1].partition("|")
    return label or target.removeprefix("w:")


def _template(match: re.Match[str]) -> str:
    """{{w|Target|Label}} and {{w|Target}} keep their text; every other template goes."""
    parts = match[1].split("|")
    if parts[0].strip() == "w" and len(parts) > 1:
        return parts[-1]
    return ""


def clean_wikitext(wikitext: str) -> str:
    """Paragraphs of plain text from a Wikinews article's wikitext."""
    text = re.sub(r"\[\[(?:Image|File):(?:[^\[\]]|\[\[[^\]]*\]\])*\]\]", "", wikitext)
    for _ in range(3):  # nested templates, innermost first
        text = re.sub(r"\{\{([^{}]*)\}\}", _template, text)
    text = re.sub(r"\{[^{}\n]*\}\}", "", text)  # broken "{publish}}" leftovers
    text = re.sub(r"\[\[([^\[\]]*)\]\]", _link, text)
    text = re.sub(r"\[https?://\S+ ([^\]]*)\]", r"\1", text)
    text = re.sub(r"\[https?://\S+\]", "", text)
    text = re.sub(r"'{2,}", "", text)
    text = re.sub(r"<[^>]+>", "", html.unescape(text))
    paragraphs = []
    for line in text.splitlines():
        line = re.sub(r"[ \t]+", " ", line).strip()
        if line and line != "---" and not DATELINE.match(line):
            paragraphs.append(line)
    return "\n\n".join(paragraphs) + "\n"


def clean_plain(text: str) -> str:
    """Paragraphs of an article scraped as plain text, without its dateline."""
    paragraphs = [re.sub(r"[ \t]+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    kept = [p for p in paragraphs if p and not DATELINE.match(p)]
    return "\n\n".join(kept) + "\n"


def wikinews_url(title: str) -> str:
    return "https://en.wikinews.org/wiki/" + quote(title.replace(" ", "_"), safe="_,()'!:;-.")


def article_id(published: str, title: str) -> str:
    """`wn-<date>-<slug of the title's first words>`: stable and readable."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_title.lower().replace("'", "")).split()
    slug = words[0]
    for word in words[1:]:
        if len(slug) + 1 + len(word) > 48:
            break
        slug += "-" + word
    return f"wn-{published}-{slug}"
