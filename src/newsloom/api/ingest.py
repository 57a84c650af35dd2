"""``POST /api/pages``: pages in, through the whole pipeline, into the store.

The body is read in chunks and refused with 413 as soon as it passes the size limit (so a huge
body is never held in memory), then validated (422 names each bad field), then run through the
same pipeline as ``newsloom run``.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError, model_validator
from starlette.concurrency import run_in_threadpool

from newsloom.api.auth import require_token
from newsloom.api.config import ServerConfig, config_of
from newsloom.run import run_pipeline

router = APIRouter(prefix="/api", tags=["write"])

# More pages than this in one request are refused (422): a client with more sends batches, so
# one request never holds the write lock for minutes.
MAX_PAGES_PER_REQUEST = 500
MAX_URL_CHARS = 4096


class PageIn(BaseModel):
    """One fetched page: its text (as a scraper flattened it) or its HTML."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="the page as plain text")
    html: str | None = Field(None, description="the page as HTML (instead of text)")
    url: str | None = Field(None, max_length=MAX_URL_CHARS)
    fetched_at: datetime | None = Field(
        None, description="ISO 8601; resolves relative times such as 'an hour ago'"
    )
    source: str | None = Field(None, max_length=200, description="the outlet, if known")
    title: str | None = Field(None, max_length=2000)

    @model_validator(mode="after")
    def _one_body(self) -> PageIn:
        has_text = bool(self.text and self.text.strip())
        has_html = bool(self.html and self.html.strip())
        if has_text == has_html:
            raise ValueError("give exactly one non-empty field of 'text' or 'html'")
        return self


class PagesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pages: Annotated[list[PageIn], Field(min_length=1, max_length=MAX_PAGES_PER_REQUEST)]


class PagesBody(RootModel[PageIn | PagesIn]):
    """The request body: a single page object, or ``{"pages": [...]}``."""


class IngestResult(BaseModel):
    pages: int = Field(description="pages received")
    new_pages: int = Field(description="pages the store did not have, cleaned and stored")
    known_pages: int = Field(description="pages the store already had (re-posting adds nothing)")
    articles_stored: int
    duplicates: int = Field(description="stored articles that copy an earlier one")
    stories_new: int
    enriched: bool = Field(description="whether entities, quotes and places were extracted")
    skipped: list[str] = Field(description="pages that could not be processed, and why")
    warnings: list[str]


async def read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the body is {int(declared):,} bytes; the limit is {limit:,}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"the body is over the limit of {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_pages(raw: bytes) -> list[PageIn]:
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HTTPException(422, f"the body is not valid JSON: {exc}") from None
    try:
        body = PagesBody.model_validate(data).root
    except ValidationError as exc:
        raise HTTPException(422, _describe(exc)) from None
    return [body] if isinstance(body, PageIn) else body.pages


def _describe(exc: ValidationError) -> list[dict[str, Any]]:
    """Pydantic's errors without the echoed input (which may be megabytes of page)."""
    return [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()[:50]]


def to_record(item: PageIn) -> dict[str, Any]:
    """The page as a JSONL record, the form ``newsloom run`` reads."""
    record: dict[str, Any] = item.model_dump(exclude_none=True)
    if item.fetched_at is not None:
        record["fetched_at"] = item.fetched_at.isoformat()
    return record


# The body's schema for /openapi.json: its root here, its definitions added to the
# components by ``app.py`` (the endpoint reads the raw body, so FastAPI cannot derive it).
_BODY_SCHEMA = PagesBody.model_json_schema(ref_template="#/components/schemas/{model}")
BODY_SCHEMA_ROOT = {k: v for k, v in _BODY_SCHEMA.items() if k != "$defs"}
BODY_SCHEMA_DEFS: dict[str, Any] = _BODY_SCHEMA.get("$defs", {})


@router.post(
    "/pages",
    summary="Ingest pages through the whole pipeline (needs the write token)",
    status_code=201,
    response_model=IngestResult,
    responses={
        401: {"description": "no token"},
        403: {"description": "wrong token, or writes disabled"},
        413: {"description": "body over the size limit"},
        422: {"description": "malformed body"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": BODY_SCHEMA_ROOT}},
        }
    },
)
async def post_pages(request: Request) -> IngestResult:
    config = config_of(request)
    require_token(request, config.write_token, action="writing")
    raw = await read_limited(request, config.max_body)
    records = [to_record(item) for item in parse_pages(raw)]
    return await run_in_threadpool(ingest_records, config, records)


def ingest_records(config: ServerConfig, records: list[dict[str, Any]]) -> IngestResult:
    """Run the pages through ``run_pipeline``, exactly as ``newsloom run`` would run a JSONL
    file of them: written to a private temp file first, since the pipeline reads inputs."""
    with config.write_lock, tempfile.TemporaryDirectory(prefix="newsloom-post-") as tmp:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        path = Path(tmp) / f"POST-api-pages-{stamp}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        summary = run_pipeline([str(path)], config.stores.get(), enrich=config.enrich)
    return IngestResult(
        pages=len(records),
        new_pages=summary.pages,
        known_pages=summary.pages_known,
        articles_stored=summary.articles_stored,
        duplicates=summary.duplicates,
        stories_new=summary.stories_new,
        enriched=summary.enriched,
        skipped=[item.message.replace(str(path), "page") for item in summary.clean.skipped],
        warnings=[w.replace(str(path), "page") for w in summary.warnings + summary.clean.warnings],
    )
