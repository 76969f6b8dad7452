"""Stage 9a: pmclassify over HTTP — a JSON API and one page (``pip install 'pmclassify[serve]'``,
then ``pmclassify serve``).

* ``POST /v1/classify`` takes ``{"text": ..., "title": ...}`` and answers what
  ``pmclassify classify --json`` prints; ``POST /v1/classify/batch`` takes ``{"postings": [...]}``
  (at most :data:`MAX_BATCH`) and answers ``{"model_version", "predictions"}``.
* ``GET /healthz``, ``GET /v1/labels`` (the label set, named and defined), ``GET /openapi.json``.
* ``GET /`` is a page to paste a posting into, served from the package with no request
  elsewhere (its Content-Security-Policy allows none).

A body that is not JSON is a 400, one too large a 413, a field of the wrong type or a posting
with neither text nor title a 422, each as ``{"error": {"status", "message"}}``. Predictions run
one at a time in a worker thread (spaCy's tokenizer is not shared across threads), so the
event loop keeps answering ``/healthz`` while a batch runs.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Coroutine
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from pmclassify.labels import (
    SENIORITIES,
    SENIORITY_DEFINITIONS,
    SENIORITY_NAMES,
    SPECIALIZATION_DEFINITIONS,
    SPECIALIZATION_NAMES,
    SPECIALIZATIONS,
)
from pmclassify.predict.classifier import Classifier
from pmclassify.predict.rows import MAX_FIELD_CHARS
from pmclassify.serve.openapi import openapi_schema

# A posting is a few kB; a request this large is a mistake, not a posting.
MAX_BODY_BYTES = 2_000_000
MAX_BATCH = 100
MAX_BATCH_BYTES = 10_000_000
# The page asks for nothing outside this server.
_PAGE_HEADERS = {"Content-Security-Policy": "default-src 'self'; img-src 'self' data:",
                 "X-Content-Type-Options": "nosniff"}


class HTTPProblem(Exception):
    """A request the API refuses, with the status and the message to answer it with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _problem(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


async def _json_body(request: Request, limit: int) -> Any:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPProblem(413, f"the body has {int(declared):,} bytes, over the {limit:,} limit")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPProblem(413, f"the body is over the {limit:,} byte limit")
        chunks.append(chunk)
    try:
        return json.loads(b"".join(chunks))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HTTPProblem(400, f"the body is not JSON: {exc}") from None


def _posting(value: Any, where: str) -> tuple[str, str | None]:
    """A posting's ``(text, title)`` from its JSON object, checked."""
    if not isinstance(value, dict):
        raise HTTPProblem(422, f"{where} must be an object with \"text\" and \"title\"")
    unknown = sorted(set(value) - {"text", "title"})
    if unknown:
        raise HTTPProblem(422, f"{where} has unknown fields {unknown}; it takes \"text\" and "
                               "\"title\"")
    text, title = value.get("text", ""), value.get("title")
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise HTTPProblem(422, f"{where}.text must be a string, not {type(text).__name__}")
    if title is not None and not isinstance(title, str):
        raise HTTPProblem(422, f"{where}.title must be a string or null, not "
                               f"{type(title).__name__}")
    if not text.strip() and not (title or "").strip():
        raise HTTPProblem(422, f"{where} has neither text nor title")
    if len(text) > MAX_FIELD_CHARS:
        raise HTTPProblem(413, f"{where}.text has {len(text):,} characters, over the "
                               f"{MAX_FIELD_CHARS:,} limit")
    return text, title


Endpoint = Callable[[Request], Coroutine[Any, Any, Response]]


def _answers_problems(endpoint: Endpoint) -> Endpoint:
    async def wrapped(request: Request) -> Response:
        try:
            return await endpoint(request)
        except HTTPProblem as p:
            return _problem(p.status, p.message)
    return wrapped


def labels_payload() -> dict[str, list[dict[str, str]]]:
    """The label set as the page and ``GET /v1/labels`` give it."""
    return {
        "specializations": [{"id": s, "name": SPECIALIZATION_NAMES[s],
                             "definition": SPECIALIZATION_DEFINITIONS[s]}
                            for s in SPECIALIZATIONS],
        "seniorities": [{"id": s, "name": SENIORITY_NAMES[s],
                         "definition": SENIORITY_DEFINITIONS[s]} for s in SENIORITIES],
    }


def create_app(clf: Classifier) -> Starlette:
    """The HTTP app around ``clf``.

    >>> app = create_app(Classifier.load())
    >>> [r.path for r in app.routes][:4]
    ['/', '/healthz', '/openapi.json', '/v1/labels']

    Run it with ``pmclassify serve``, or any ASGI server: ``uvicorn.run(app)``.
    """
    lock = threading.Lock()

    def answer(pairs: list[tuple[str, str | None]]) -> list[dict[str, Any]]:
        with lock:
            return [{**p.to_dict(), "model_version": clf.version}
                    for p in clf.predict_many([t for t, _ in pairs], [t for _, t in pairs])]

    @_answers_problems
    async def classify(request: Request) -> Response:
        pair = _posting(await _json_body(request, MAX_BODY_BYTES), "posting")
        return JSONResponse((await run_in_threadpool(answer, [pair]))[0])

    @_answers_problems
    async def classify_batch(request: Request) -> Response:
        body = await _json_body(request, MAX_BATCH_BYTES)
        postings = body.get("postings") if isinstance(body, dict) else None
        if not isinstance(postings, list):
            raise HTTPProblem(422, "the body must be {\"postings\": [{\"text\", \"title\"}, ...]}")
        if len(postings) > MAX_BATCH:
            raise HTTPProblem(413, f"{len(postings)} postings, over the {MAX_BATCH} a request "
                                   "takes; send them in several, or use `pmclassify batch`")
        pairs = [_posting(v, f"postings[{i}]") for i, v in enumerate(postings)]
        rows = await run_in_threadpool(answer, pairs) if pairs else []
        return JSONResponse({"model_version": clf.version, "predictions": rows})

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok", "model_version": clf.version})

    async def labels(request: Request) -> Response:
        return JSONResponse(labels_payload())

    async def openapi(request: Request) -> Response:
        return JSONResponse(openapi_schema(clf.version, MAX_BATCH))

    static = StaticFiles(packages=[("pmclassify.serve", "static")])

    async def page(request: Request) -> Response:
        found, _ = static.lookup_path("index.html")
        return FileResponse(found, headers=_PAGE_HEADERS, media_type="text/html")

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/v1/labels", labels, methods=["GET"]),
        Route("/v1/classify", classify, methods=["POST"]),
        Route("/v1/classify/batch", classify_batch, methods=["POST"]),
        Mount("/static", static, name="static"),
    ]
    return Starlette(routes=routes)
