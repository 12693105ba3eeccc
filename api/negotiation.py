"""HTTP content negotiation: pick the best of the server's offers for an `Accept` header."""

from __future__ import annotations

from collections.abc import Sequence


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """`Accept` → [(media range, q)]; a missing or empty header accepts anything."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float]] = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        if media == "*":
            media = "*/*"
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def _quality(offer: str, ranges: list[tuple[str, float]]) -> float:
    """q of the most specific range matching `offer` (0 when none does)."""
    kind = offer.split("/")[0]
    best, specificity = 0.0, -1
    for media, q in ranges:
        if media == offer:
            s = 2
        elif media == f"{kind}/*":
            s = 1
        elif media == "*/*":
            s = 0
        else:
            continue
        if s > specificity:
            best, specificity = q, s
    return best


def negotiate(header: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers (ties go to the earlier offer); None if none is acceptable.

    `offers` are media types, optionally as `alias=target` pairs where a client asking for
    `alias` (e.g. application/json) is given `target`.
    """
    ranges = parse_accept(header)
    best: str | None = None
    best_q = 0.0
    for offer in offers:
        alias, _, target = offer.partition("=")
        q = _quality(alias, ranges)
        if q > best_q:
            best, best_q = target or alias, q
    return best
