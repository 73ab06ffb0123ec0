"""The web app and JSON API (FastAPI, Jinja2 templates): a thin face over ``onrecord.Corpus``.

Every page has a JSON twin from the same view (``/search`` and ``/search.json``); the OpenAPI
document is at ``/openapi.json``. Safe by default:

* read routes use read-only database connections;
* write routes (``POST /api/ingest``) answer 403 unless the server was started with a token,
  and 401 without ``Authorization: Bearer TOKEN``;
* every piece of article text reaches the page through Jinja2's autoescaping;
* errors are short pages or JSON objects (``{"error", "hint"}``), never a traceback;
* request bodies are capped (``MAX_BODY_BYTES``) and so is the extraction queue.
"""
from __future__ import annotations

import asyncio
import hmac
import json
import logging
import threading
from functools import wraps
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qs, urlencode

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..corpus import Corpus
from ..display import STANCE_LABELS, VENUE_LABELS, venue_label
from ..errors import OnrecordError, StoreError
from ..model import KINDS, STANCES
from ..pipeline import MAX_PARSE_CHARS
from ..store.queries import COUNT_CAP, SORTS, VENUE_TYPES, NotFound
from . import render

log = logging.getLogger("onrecord.web")

HERE = Path(__file__).parent
# A request body may hold an article of MAX_PARSE_CHARS characters, JSON-escaped (up to 6
# bytes a character for \uXXXX escapes), plus its metadata.
MAX_BODY_BYTES = 6 * MAX_PARSE_CHARS + 64 * 1024
# Extractions waiting for the pipeline beyond this are refused with 503 (the server stays
# responsive under a burst instead of queueing minutes of work).
MAX_EXTRACT_QUEUE = 8
PAGE_SIZE = 20
EXCHANGE_HITS = 50


class ApiError(Exception):
    def __init__(self, status: int, message: str, hint: str | None = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.hint, self.headers = status, message, hint, headers


def _wants_json(request: Request) -> bool:
    p = request.url.path
    return p.endswith(".json") or p.startswith("/api/") or \
        "application/json" in request.headers.get("accept", "").split(",")[0]


class _Extractor:
    """The extraction pipeline, loaded once (in the background at start), used by one
    request at a time (spaCy and the CRF tagger are not shared between threads)."""

    def __init__(self, model: str | None = None):
        self.model = model
        self._pipeline = None
        self._error: str | None = None
        self._load_lock = threading.Lock()
        self._run_lock = threading.Lock()
        self.waiting = 0

    def load(self):
        with self._load_lock:
            if self._pipeline is None and self._error is None:
                try:
                    from ..ingest.run import load_pipeline
                    self._pipeline = load_pipeline(self.model)
                except OnrecordError as e:
                    self._error = str(e)
                except Exception as e:  # noqa: BLE001 - reported to the client, not raised
                    self._error = f"cannot load the extraction pipeline: {type(e).__name__}: {e}"
        if self._error:
            raise ApiError(503, self._error, "check the spaCy model installation")
        return self._pipeline

    def extract(self, article):
        pipe = self.load()
        with self._run_lock:
            return pipe.extract(article)


def create_app(db: str, token: str | None = None, model: str | None = None,
               preload: bool = False) -> FastAPI:
    """The app over the corpus at ``db`` (opened read-only; ``token`` enables writes)."""
    corpus = Corpus(db)
    extractor = _Extractor(model)
    app = FastAPI(title="onrecord", version=_version(),
                  description="Who said what, when, where and in answer to whom: the statements "
                              "of a news corpus. Every HTML page has a JSON twin (`.json`).",
                  docs_url=None, redoc_url=None)  # their JS comes from a CDN: not offline
    app.state.corpus = corpus
    app.state.token = token or None
    app.state.extractor = extractor
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(
        KINDS=KINDS, STANCES=STANCES, VENUE_TYPES=VENUE_TYPES, SORTS=SORTS,
        VENUE_LABELS=VENUE_LABELS, STANCE_LABELS=STANCE_LABELS, venue_label=venue_label,
        COUNT_CAP=COUNT_CAP, version=_version(), read_only=token is None)
    templates.env.filters["qs"] = lambda d: urlencode({k: v for k, v in d.items()
                                                       if v not in (None, "")})
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    overview_cache: dict[str, Any] = {}

    if preload:
        threading.Thread(target=lambda: _quiet(extractor.load), daemon=True).start()

    # -- errors ----------------------------------------------------------------------------
    def error_response(request: Request, status: int, message: str, hint: str | None = None,
                       headers: dict | None = None) -> Response:
        if _wants_json(request):
            body = {"error": message}
            if hint:
                body["hint"] = hint
            return JSONResponse(body, status_code=status, headers=headers)
        return templates.TemplateResponse(request, "error.html",
                                          {"status": status, "message": message, "hint": hint,
                                           "search_again": request.url.path in ("/search",
                                                                                "/exchange"),
                                           "q": request.query_params.get("q", "")},
                                          status_code=status, headers=headers)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, e: ApiError):
        return error_response(request, e.status, e.message, e.hint, e.headers)

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, e: StoreError):
        return error_response(request, 404 if isinstance(e, NotFound) else 400, e.message, e.hint)

    @app.exception_handler(OnrecordError)
    async def _onrecord_error(request: Request, e: OnrecordError):
        return error_response(request, 400, e.message, e.hint)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, e: RequestValidationError):
        parts = []
        for err in e.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path"))
            parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        return error_response(request, 422, "bad parameter: " + "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, e: StarletteHTTPException):
        msg = "no such page" if e.status_code == 404 else str(e.detail)
        return error_response(request, e.status_code, msg,
                              "start from the home page" if e.status_code == 404 else None)

    @app.exception_handler(Exception)
    async def _crash(request: Request, e: Exception):
        log.exception("error on %s", request.url.path)
        return error_response(request, 500, "something went wrong on the server",
                              "the server log has the details")

    # -- twins: one view, an HTML page and its JSON ------------------------------------------
    def twin(path: str, template: str, summary: str):
        def deco(fn: Callable[..., dict]):
            @wraps(fn)
            def as_json(*args, **kwargs):
                return JSONResponse(_jsonable(fn(*args, **kwargs)))

            @wraps(fn)
            def as_html(*args, **kwargs):
                data = fn(*args, **kwargs)
                request = kwargs["request"]
                return templates.TemplateResponse(request, template,
                                                  {"d": data, "json_url": _json_url(request)})

            app.get(path + ".json", summary=summary, name=fn.__name__ + "_json")(as_json)
            app.get(path, include_in_schema=False, response_class=HTMLResponse,
                    name=fn.__name__)(as_html)
            return fn
        return deco

    # -- pages -----------------------------------------------------------------------------
    @twin("/", "home.html", "What is in the corpus")
    def home(request: Request):
        # data_version is per connection, and connections are per thread
        key, version = threading.get_ident(), corpus.data_version()
        if overview_cache.get(key, (None,))[0] != version:
            overview_cache[key] = (version, corpus.overview())
        return {"overview": overview_cache[key][1], "speakers": corpus.speakers(limit=12),
                "articles": corpus.articles(limit=8), "quotes": corpus.quotes(limit=5)}

    @twin("/search", "search.html", "Full-text search of statements, with filters")
    def search(request: Request,
               q: str = Query("", description='words, "phrases", word*, OR, NOT word / -word, '
                                              "(groups), speaker:name"),
               speaker: str = "", outlet: str = "",
               since: str = Query("", description="published on or after (YYYY-MM-DD)"),
               until: str = Query("", description="published on or before (YYYY-MM-DD)"),
               kind: str = Query("", description="direct | indirect | mixed"),
               stance: str = Query("", description="against | favor | neutral"),
               venue: str = Query("", description="venue type, e.g. tv_interview"),
               sort: str = Query("relevance", description="relevance | newest | oldest"),
               page: int = Query(1, ge=1, le=10_000),
               per_page: int = Query(PAGE_SIZE, ge=1, le=200),
               duplicates: bool = Query(True, description="include near-duplicate articles")):
        filters = dict(speaker=speaker, outlet=outlet, since=since, until=until, kind=kind,
                       stance=stance, venue=venue, sort=sort)
        res = corpus.search(q, offset=(page - 1) * per_page, limit=per_page,
                            include_duplicates=duplicates, **filters)
        res.update(page=page, per_page=per_page, filters=filters,
                   params={"q": q, **filters,
                           "duplicates": "" if duplicates else "false"})
        res["has_next"] = res["total"] is not None and page * per_page < res["total"]
        return res

    @twin("/speakers", "speakers.html", "Speakers, most quoted first")
    def speakers(request: Request, name: str = "", page: int = Query(1, ge=1, le=100_000),
                 per_page: int = Query(50, ge=1, le=200)):
        rows = corpus.speakers(name=name or None, limit=per_page, offset=(page - 1) * per_page)
        total = corpus.count_speakers(name or None)
        return {"speakers": rows, "total": total, "page": page, "per_page": per_page,
                "name": name, "has_next": page * per_page < total}

    @twin("/speakers/{speaker_id}", "speaker.html",
          "A speaker: roles, venues, timeline, who answers them and whom they answer")
    def speaker(request: Request, speaker_id: int, page: int = Query(1, ge=1, le=10_000)):
        sp = corpus.speaker(speaker_id)
        sp["statements"] = corpus.search("", speaker_id=speaker_id, sort="newest",
                                         offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        sp["page"] = page
        return sp

    @twin("/articles", "articles.html", "Articles, newest first")
    def articles(request: Request, outlet: str = "", page: int = Query(1, ge=1, le=100_000),
                 per_page: int = Query(PAGE_SIZE, ge=1, le=200)):
        rows = corpus.articles(limit=per_page + 1, offset=(page - 1) * per_page, outlet=outlet)
        return {"articles": rows[:per_page], "page": page, "per_page": per_page,
                "outlet": outlet, "has_next": len(rows) > per_page}

    @twin("/articles/{article_id}", "article.html",
          "An article with its statements (the extract contract) and occasions")
    def article(request: Request, article_id: str):
        a = corpus.article(article_id)
        if not _wants_json(request):
            a["segments"] = render.segments(a["text"], a["statements"])
        return a

    @twin("/articles/{article_id}/exchange", "exchange.html",
          "The exchange in an article: statements as nodes, responds_to edges with stance")
    def article_exchange(request: Request, article_id: str, all: bool = False):
        ex = corpus.exchange(article=article_id, everything=all)
        ex["scope"] = "article"
        if not _wants_json(request):
            ex["graph"] = render.layout_exchange(ex["nodes"], ex["edges"])
        return ex

    @twin("/exchange", "exchange.html",
          "The exchange around a search result: the hits, what they answer, what answers them")
    def exchange(request: Request, q: str = "", speaker: str = "", outlet: str = "",
                 since: str = "", until: str = "", kind: str = "", stance: str = "",
                 venue: str = ""):
        filters = dict(speaker=speaker, outlet=outlet, since=since, until=until, kind=kind,
                       stance=stance, venue=venue)
        hits = corpus.search(q, limit=EXCHANGE_HITS, count=False, **filters)["hits"]
        ex = corpus.exchange(statements=[h["id"] for h in hits])
        linked = {e["source"] for e in ex["edges"]} | {e["target"] for e in ex["edges"]}
        ex["unlinked"] = sum(1 for h in hits if h["id"] not in linked)
        ex["nodes"] = [n for n in ex["nodes"] if n["id"] in linked]
        ex.update(scope="search", hits=len(hits), params={"q": q, **filters})
        if not _wants_json(request):
            ex["graph"] = render.layout_exchange(ex["nodes"], ex["edges"])
        return ex

    @twin("/statements/{statement_id}", "statement.html",
          "One statement with its evidence, reply links and the outlets that carried it")
    def statement(request: Request, statement_id: str):
        return corpus.statement(statement_id)

    @twin("/quotes", "quotes.html", "Quotes carried by several articles, most carried first")
    def quotes(request: Request, page: int = Query(1, ge=1, le=100_000)):
        rows = corpus.quotes(limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
        return {"quotes": rows[:PAGE_SIZE], "page": page, "has_next": len(rows) > PAGE_SIZE}

    @twin("/quotes/{quote_id}", "quote.html", "One quote: every outlet that carried it, first seen")
    def quote(request: Request, quote_id: int):
        return corpus.quote(quote_id)

    @app.get("/api", include_in_schema=False, response_class=HTMLResponse)
    def api_page(request: Request):
        spec = app.openapi()
        routes = [{"path": p, "method": m.upper(), "summary": op.get("summary", ""),
                   "params": [x["name"] for x in op.get("parameters", [])]}
                  for p, ops in spec["paths"].items() for m, op in ops.items()]
        return templates.TemplateResponse(request, "api.html", {"routes": routes,
                                                                "max_body": MAX_BODY_BYTES})

    # -- extraction (no storage) -----------------------------------------------------------
    async def read_body(request: Request) -> bytes:
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > MAX_BODY_BYTES:
            raise ApiError(413, f"the request body is larger than {MAX_BODY_BYTES:,} bytes",
                           f"send one article of at most {MAX_PARSE_CHARS:,} characters")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                raise ApiError(413, f"the request body is larger than {MAX_BODY_BYTES:,} bytes",
                               f"send one article of at most {MAX_PARSE_CHARS:,} characters")
        return bytes(body)

    def to_article(obj: Any):
        from ..ingest.common import clean_str, norm_date
        from ..model import Article
        if not isinstance(obj, dict):
            raise ApiError(422, "the body must be a JSON object",
                           'send {"text": "…", "published": "YYYY-MM-DD"}')
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(422, 'no "text" string in the body', 'send {"text": "…"}')
        if len(text) > MAX_PARSE_CHARS:
            raise ApiError(413, f"the text has {len(text):,} characters, more than the "
                                f"{MAX_PARSE_CHARS:,} that are parsed",
                           "send a shorter article")
        published = obj.get("published")
        if published not in (None, ""):
            import datetime as _dt
            try:
                published = _dt.date.fromisoformat(str(published)).isoformat()
            except ValueError:
                raise ApiError(422, f"published {published!r} is not a date",
                               "use YYYY-MM-DD") from None
        url = clean_str(obj.get("url"))
        return Article(text=text, published=published or None, url=url,
                       title=clean_str(obj.get("title")), outlet=clean_str(obj.get("outlet")),
                       path=clean_str(obj.get("path")) or "api")

    async def run_extract(article):
        if extractor.waiting >= MAX_EXTRACT_QUEUE:
            raise ApiError(503, "the server is busy extracting other articles",
                           "retry in a few seconds", {"Retry-After": "2"})
        extractor.waiting += 1
        try:
            return await run_in_threadpool(extractor.extract, article)
        finally:
            extractor.waiting -= 1

    extract_body = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["text"],
        "properties": {"text": {"type": "string", "maxLength": MAX_PARSE_CHARS},
                       "published": {"type": "string", "format": "date"},
                       "title": {"type": "string"}, "url": {"type": "string"},
                       "outlet": {"type": "string"}}}}}}}

    @app.post("/api/extract", summary="Extract the statements of one article (nothing is "
                                      "stored): the extract JSON contract",
              openapi_extra=extract_body)
    async def api_extract(request: Request):
        body = await read_body(request)
        try:
            obj = json.loads(body or b"null")
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise ApiError(400, f"the body is not JSON: {e}", 'send {"text": "…"}') from None
        result = await run_extract(to_article(obj))
        return JSONResponse(result.as_dict())

    @app.get("/extract", include_in_schema=False, response_class=HTMLResponse)
    def extract_form(request: Request):
        return templates.TemplateResponse(request, "extract.html", {"d": None})

    @app.post("/extract", include_in_schema=False, response_class=HTMLResponse)
    async def extract_page(request: Request):
        body = await read_body(request)
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"),
                                             keep_blank_values=True).items()}
        article = to_article({"text": form.get("text", ""),
                              "published": form.get("published") or None})
        result = await run_extract(article)
        d = result.as_dict()
        from ..display import statement_reading
        for st in d["statements"]:
            st["uid"] = st["id"]
            st["reading"] = statement_reading(st)
            st["corpus_speaker"] = (st.get("speaker") or {}).get("name")
            st["responds_to_uid"] = st.get("responds_to")
        d["text"] = article.text
        d["segments"] = render.segments(article.text, d["statements"])
        return templates.TemplateResponse(request, "extract.html",
                                          {"d": d, "published": article.published})

    # -- writing (token only) --------------------------------------------------------------
    def require_token(request: Request) -> None:
        if app.state.token is None:
            raise ApiError(403, "this server is read-only",
                           "start it with --token TOKEN (or ONRECORD_TOKEN) to allow writes")
        auth = request.headers.get("authorization", "")
        given = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        if not given or not hmac.compare_digest(given.encode(), app.state.token.encode()):
            raise ApiError(401, "a valid token is needed to write",
                           "send the header Authorization: Bearer TOKEN",
                           {"WWW-Authenticate": "Bearer"})

    ingest_body = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["articles"],
        "properties": {"articles": {"type": "array", "items": extract_body["requestBody"][
            "content"]["application/json"]["schema"]}}}}}}}
    write_lock = asyncio.Lock()

    @app.post("/api/ingest", summary="Store articles in the corpus (needs the server's token)",
              openapi_extra=ingest_body)
    async def api_ingest(request: Request):
        require_token(request)
        body = await read_body(request)
        try:
            obj = json.loads(body or b"null")
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise ApiError(400, f"the body is not JSON: {e}", 'send {"articles": [...]}') from None
        items = obj.get("articles") if isinstance(obj, dict) else None
        if not isinstance(items, list) or not items:
            raise ApiError(422, 'no "articles" list in the body',
                           'send {"articles": [{"text": "…", "published": "YYYY-MM-DD"}]}')
        for it in items:
            to_article(it)  # validate each before storing any
        async with write_lock:
            summary = await run_in_threadpool(_ingest, db, items, extractor)
        return JSONResponse(summary)

    return app


def _ingest(db: str, items: list, extractor: _Extractor) -> dict:
    writer = Corpus(db, writable=True)
    try:
        pipe = extractor.load()

        class _Locked:  # the shared pipeline, one article at a time
            def extract(self, article):
                with extractor._run_lock:
                    return pipe.extract(article)

        return writer.add_articles(items, extractor=_Locked()).as_dict()
    finally:
        writer.close()


def _json_url(request: Request) -> str:
    path = request.url.path.rstrip("/") or ""
    q = request.url.query
    return (path or "") + ".json" + (f"?{q}" if q else "") if path else "/.json"


def _jsonable(d: Any) -> Any:
    """Drop what only the HTML needs (segments and graph layout are drawing aids)."""
    if isinstance(d, dict):
        return {k: v for k, v in d.items() if k not in ("segments", "graph")}
    return d


def _quiet(fn: Callable) -> None:
    try:
        fn()
    except Exception:  # noqa: BLE001 - reported when a request needs it
        pass


def _version() -> str:
    from .. import __version__
    return __version__
