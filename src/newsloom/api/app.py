"""``create_app``: the JSON API under ``/api/``, the web UI at ``/``, the static files."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from newsloom import __version__
from newsloom.api import ingest, routes
from newsloom.api.config import DEFAULT_MAX_BODY, ServerConfig
from newsloom.api.stores import StorePerThread
from newsloom.errors import NewsloomError, QuerySyntaxError
from newsloom.web import STATIC_DIR
from newsloom.web import views as web_views

# Scraped text is hostile: even if some text escaped the templates' autoescaping, the browser
# would run no inline script, load nothing from elsewhere and never be framed.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(
    store_url: str,
    *,
    write_token: str | None = None,
    open_reads: bool = True,
    max_body: int = DEFAULT_MAX_BODY,
    enrich: bool | None = None,
) -> FastAPI:
    """The app over one store. The store is opened once here, so a missing, locked,
    read-only or too-new store fails at start with its own clear error, not per request.

    ``enrich`` is passed to ``run_pipeline`` for posted pages (None: enrich when the
    enrichment stage is installed; False: skip it, for fast ingestion)."""
    stores = StorePerThread(store_url)
    stores.get()  # fail fast

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        stores.close_all()

    app = FastAPI(
        title="newsloom",
        version=__version__,
        description="Clean, deduplicated, structured news: stories, articles, entities, "
        "quotes and places, with full-text search.",
        lifespan=lifespan,
        # FastAPI's /docs and /redoc load their scripts from a CDN: off (no CDN, offline);
        # the web UI serves /docs from vendored Swagger UI files instead.
        docs_url=None,
        redoc_url=None,
    )
    app.state.newsloom = ServerConfig(stores, write_token, open_reads, max_body, enrich)
    app.include_router(routes.router)
    app.include_router(ingest.router)
    app.include_router(web_views.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _add_handlers(app)
    _add_openapi(app)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _add_handlers(app: FastAPI) -> None:
    @app.exception_handler(QuerySyntaxError)
    async def bad_query(request: Request, exc: QuerySyntaxError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(NewsloomError)
    async def store_error(request: Request, exc: NewsloomError) -> Response:
        return _error(request, 503, str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, exc.detail, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        detail = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        return _error(request, 422, detail)


def _error(
    request: Request, status: int, detail: Any, headers: Mapping[str, str] | None = None
) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    return web_views.error_page(request, status, detail, headers)


def _add_openapi(app: FastAPI) -> None:
    """The generated schema, plus the POST body's models (the endpoint reads the raw body)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            schema.setdefault("components", {}).setdefault("schemas", {}).update(
                ingest.BODY_SCHEMA_DEFS
            )
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
