"""Response models (kept apart from the store's RDF): what the JSON endpoints return."""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class ErrorResponse(BaseModel):
    """Every 4xx/5xx answer."""

    error: str = Field(description="Short machine-readable code, e.g. `not_found`.")
    detail: str = Field(description="What went wrong, for a human.")


class Page(BaseModel, Generic[T]):
    """One page of a longer list."""

    total: int = Field(description="Items matching the request, over all pages.")
    limit: int
    offset: int
    items: list[T]


# ------------------------------------------------------------------ actors


class ActorRef(BaseModel):
    id: str
    label: str
    type: str | None = None
    wikidata: str | None = Field(None, description="Wikidata id, e.g. Q159.")
    href: str = Field(description="This actor in the API.")


class ActorSummary(ActorRef):
    in_degree: int = Field(description="Distinct actors with a relation towards this one.")
    out_degree: int = Field(description="Distinct actors this one has a relation towards.")
    degree: int = Field(description="in_degree + out_degree.")
    mentions: int = Field(description="Asserted mentions in which the actor takes part.")
    pagerank: float


class RelationCount(BaseModel):
    predicate: str
    polarity: int | None = Field(description="+1, 0 or -1; null for structural predicates.")
    negated: bool
    actor: ActorRef = Field(description="The other actor.")
    mentions: int


class ActorDetail(ActorSummary):
    aliases: list[str] = Field(description="Other names seen in the texts for this actor.")
    wikidata_url: str | None = None
    matched: str = Field(description="How the requested name was resolved.")
    outgoing: list[RelationCount]
    incoming: list[RelationCount]
    outgoing_mentions: int
    incoming_mentions: int


# ------------------------------------------------------------------ relations


class Evidence(BaseModel):
    sentence: str
    start: int = Field(description="Character offset of the sentence in the document.")
    end: int
    cue: str | None = None


class DocumentRef(BaseModel):
    id: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    href: str


class Mention(BaseModel):
    id: str = Field(description="IRI of the kg:RelationMention.")
    negated: bool
    modality: str | None = None
    source: ActorRef | None = Field(None, description="Whose claim it is, if reported.")
    confidence: float
    evidence: Evidence
    document: DocumentRef


class Relation(BaseModel):
    subject: ActorRef
    predicate: str
    polarity: int | None
    object: ActorRef
    negated: bool
    mention_count: int
    confidence: float = Field(description="Highest confidence among the mentions.")
    mentions: list[Mention] = Field(description="Mentions, up to the `mentions` parameter.")


class RelationPage(Page[Relation]):
    """A page of relations, and the roll-up that made them (null: actors as extracted)."""

    rollup: str | None = Field(default=None, description=(
        "'state' when officials were counted as the state they act for."))


class DocumentMention(Mention):
    subject: ActorRef
    predicate: str
    polarity: int | None
    object: ActorRef


# ------------------------------------------------------------------ documents


class DocumentSummary(DocumentRef):
    ingested_at: str | None = None
    nlp_backend: str | None = None
    mentions: int


class DocumentDetail(DocumentSummary):
    relations: list[DocumentMention]


class WriteResult(BaseModel):
    id: str
    created: bool = Field(description="False when an earlier version was replaced.")
    href: str
    mentions: int
    relations: list[dict[str, Any]] = Field(description="The relation mentions found.")


# ------------------------------------------------------------------ health


class StoreHealth(BaseModel):
    spec: str
    reachable: bool
    documents: int = 0
    mentions: int = 0
    asserted_edges: int = 0
    actors: int = 0
    triples: int = 0
    quads: int = 0


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    store: StoreHealth
    nlp_backend: str
    nlp_backend_loaded: bool
    writes_enabled: bool
    query_timeout: float
    query_runner: str


# ------------------------------------------------------------------ metrics


class ActorMetricsOut(BaseModel):
    id: str
    label: str
    type: str | None = None
    wikidata: str | None = None
    in_degree: int
    out_degree: int
    in_weight: int
    out_weight: int
    pagerank: float
    betweenness: float
    eigenvector: float | None = None
    community: int | None = None
    camp: str | None = None


class PairStanceOut(BaseModel):
    a: str
    b: str
    a_label: str
    b_label: str
    mentions: dict[str, int]
    forward: dict[str, int]
    backward: dict[str, int]
    net_polarity: int
    sign: int
    first_seen: str | None = None
    last_seen: str | None = None


class MetricsOut(BaseModel):
    summary: dict[str, Any]
    params: dict[str, Any]
    actors: Page[ActorMetricsOut]
    communities: list[list[str]]
    modularity: float | None = None
    balance: dict[str, Any]
    pairs: list[PairStanceOut] = Field(description="Most mentioned pairs, up to `pairs`.")
