"""Request and response bodies of the HTTP API (validated with pydantic).

Requests are strict: wrong types are refused rather than coerced, and unknown
fields are refused rather than ignored, so a typo in an option name is an
error the caller sees instead of a silently different analysis.
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..findings import KINDS

Kind = Literal["mojibake", "injected", "repeated", "spun"]
assert set(Kind.__args__) == set(KINDS)  # type: ignore[attr-defined]

#: Most lexicon rows one request may carry.
MAX_LEXICON_ROWS = 10_000


class AnalysisOptions(BaseModel):
    """What to look for and how; every field is optional."""

    model_config = ConfigDict(extra="forbid", strict=True)

    kinds: Optional[list[Kind]] = Field(
        default=None, description="finding kinds to detect (default: all)", examples=[list(KINDS)]
    )
    tier: Literal["fast", "precise"] = Field(
        default="fast",
        description="'precise' rescores flagged sentences with SmolLM2 and scores the document from what "
                    "it finds (the precise extra installed on the server; hundreds of times slower)"
    )
    threshold: Optional[float] = Field(
        default=None, ge=0.0, le=1.0, description="label the text spun when its score is at least this"
    )
    restore_min_confidence: float = Field(
        default=0.5, ge=0.0, le=1.0, description="restore applies spun suggestions at least this confident"
    )
    min_confidence: float = Field(
        default=0.0, ge=0.0, le=1.0,
        description="list only findings at least this confident (0: all; cleaned and restored do not change)",
    )
    lexicon: Optional[list[tuple[str, str]]] = Field(
        default=None,
        max_length=MAX_LEXICON_ROWS,
        description="extra known spun phrases as [tortured, expected] pairs",
        examples=[[["counterfeit consciousness", "artificial intelligence"]]],
    )


class TextRequest(BaseModel):
    """A text to analyse, clean or restore."""

    model_config = ConfigDict(extra="forbid", strict=True)

    text: str = Field(description="the text, as a JSON string (not empty)")
    options: AnalysisOptions = Field(default_factory=AnalysisOptions)
    html: Literal["text", "extract", "auto"] = Field(
        default="text",
        description="an HTML page: 'extract' reads its main text (the response's 'text' holds it, and "
                    "offsets are into it), 'auto' extracts when the text starts as an HTML document, "
                    "'text' (default) reads what was sent as it is",
    )

    @field_validator("text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("text is empty")
        return v


#: Most copies one consensus request may carry (``unspin.dupes.consensus.MAX_COPIES``).
MAX_COPIES = 12


class ConsensusRequest(BaseModel):
    """Spun copies of one source."""

    model_config = ConfigDict(extra="forbid", strict=True)

    texts: list[str] = Field(min_length=2, max_length=MAX_COPIES,
                             description="2 to 12 spun copies of one source, as JSON strings")

    @field_validator("texts")
    @classmethod
    def _none_blank(cls, v: list[str]) -> list[str]:
        if any(not t.strip() for t in v):
            raise ValueError("a text is empty")
        return v


class Place(BaseModel):
    words: str = Field(description="the pivot copy's wording at the place (lowercase; '' = nothing)")
    wordings: list[tuple[str, int]] = Field(description="[wording, copies holding it], most first")
    winner: str = Field(description="the consensus's wording")
    decided: bool = Field(description="most copies, or the language model broke a tie")


class Substitution(BaseModel):
    spun: str
    original: str
    count: int


class ConsensusResponse(BaseModel):
    text: str = Field(description="the most likely source: the pivot copy with the winners put in")
    pivot: int = Field(description="index of the pivot copy in texts")
    changed_places: int
    places: list[Place]
    substitutions: list[Substitution] = Field(description="what the spinner put in for what (this group)")


class Alternative(BaseModel):
    text: str
    confidence: float


class FindingOut(BaseModel):
    kind: Kind
    start: int = Field(description="code-point offset of the span in the text sent")
    end: int
    text: str
    suggestion: Optional[str] = Field(description="replacement ('' = delete, null = none proposed)")
    confidence: float
    evidence: str = Field(description="why, in one sentence")
    alternatives: list[Alternative] = Field(default=[], description="other candidates, best first")
    detail: dict[str, Any] = Field(default={}, description="detector-specific facts")


#: what a response's ``text`` holds
_EXTRACTED = "the main text of the HTML page sent, when it was extracted (the 'html' field); absent otherwise"


class AnalyzeResponse(BaseModel):
    """The same JSON as ``unspin analyze --json`` (with ``text`` when an HTML page was extracted)."""

    schema_: int = Field(alias="schema")
    spun_score: float
    label: Literal["spun", "clean"]
    threshold: float
    counts: dict[str, int]
    findings: list[FindingOut]
    cleaned: str
    restored: str
    metrics: dict[str, Any]
    text: Optional[str] = Field(default=None, description=_EXTRACTED)


class CleanResponse(BaseModel):
    cleaned: str = Field(description="the text with safe repairs only (encoding, injected spam, repeats)")
    text: Optional[str] = Field(default=None, description=_EXTRACTED)


class RestoreResponse(BaseModel):
    restored: str = Field(description="the cleaned text with spun wording put back to its likely original")
    text: Optional[str] = Field(default=None, description=_EXTRACTED)


class ErrorDetail(BaseModel):
    code: str = Field(examples=["invalid_request"])
    message: str
    field: Optional[str] = Field(default=None, description="where in the request, when known")


class ErrorResponse(BaseModel):
    error: ErrorDetail
