"""The Starlette app of ``casegraph serve``: routes, the JSON twins, the source view, and the
security headers every response carries (see the package docstring for why Starlette).

>>> from starlette.testclient import TestClient
>>> import networkx as nx, tempfile
>>> from store.sqlite import RecordStore
>>> with tempfile.TemporaryDirectory() as d:
...     client = TestClient(create_app(nx.MultiDiGraph(), RecordStore(d)))
...     response = client.get("/")
>>> response.status_code, response.headers["content-security-policy"].split(";")[0]
(200, "default-src 'none'")
"""

from __future__ import annotations

import re
from importlib.resources import files
from typing import Any
from urllib.parse import quote

import networkx as nx
from jinja2 import Environment, FunctionLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from core.errors import CasegraphError, NoMatchError
from core.schema import PART_OF
from extract.read import read_document
from graph.neighbours import targets
from outputs.html.page import render
from outputs.html.resolve import matter_title
from outputs.html.select import select_matter
from outputs.serve.data import (
    forum_data,
    matter_data,
    meeting_data,
    person_data,
    search_data,
    source_url,
)
from store.sqlite import RecordStore

__all__ = ["create_app"]

# The app's own pages run no script; the embedded graph page has the policy of the file
# `viz` writes. Nothing may load from another host, and no page may be framed elsewhere.
PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
GRAPH_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; base-uri 'none'; frame-ancestors 'self'"
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
MAX_SOURCE_BYTES = 5_000_000


def _template(name: str) -> str:
    return (files("outputs.serve") / "templates" / name).read_text(encoding="utf-8")


def _environment(G: nx.MultiDiGraph) -> Environment:
    env = Environment(
        loader=FunctionLoader(_template),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    env.globals["source"] = lambda key: source_url(G, key)
    env.globals["q"] = lambda key: quote(str(key), safe=":")
    env.globals["meeting_of"] = lambda item: G.nodes[item].get("meeting") if item in G else None
    env.globals["matter_of"] = lambda item: next(iter(targets(G, item, PART_OF)), None)
    env.filters["marks"] = _marks
    return env


def _marks(snippet: str) -> Markup:
    """A search snippet with its [matched words] highlighted, everything else escaped.

    >>> str(_marks("om [læring] <b>"))
    'om <mark>læring</mark> &lt;b&gt;'
    """
    return Markup(re.sub(r"\[([^\[\]]*)\]", r"<mark>\1</mark>", str(escape(snippet))))


def create_app(G: nx.MultiDiGraph, store: RecordStore) -> Starlette:
    """The app over graph ``G`` and ``store`` (for search and the list of source files)."""
    site = _Site(G, store)
    routes = [
        Route("/", site.search_page),
        Route("/meeting/{key:path}", site.keyed("meeting", meeting_data, "meeting.html")),
        Route("/matter/{key:path}", site.keyed("matter", matter_data, "matter.html")),
        Route("/graph/{key:path}", site.graph_page),
        Route("/person/{key:path}", site.keyed("person", person_data, "person.html")),
        Route("/forum/{key:path}", site.keyed("forum", forum_data, "forum.html")),
        Route("/source", site.source_page),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        return site.failed(request, NoMatchError(f"no page at {request.url.path}"))

    return Starlette(routes=routes, exception_handlers={404: not_found})


_PAGE_HEADERS = {**HEADERS, "Content-Security-Policy": PAGE_CSP}


class _Site:
    """The pages over one graph and store."""

    def __init__(self, G: nx.MultiDiGraph, store: RecordStore) -> None:
        self.G = G
        self.store = store
        self.env = _environment(G)
        self.forums = sorted(
            {
                str(d["forum"])
                for _, d in G.nodes(data=True)
                if d.get("type") == "Meeting" and d.get("documented")
            }
        )

    def page(
        self, request: Request, name: str, data: dict[str, Any], title: str, status: int = 200
    ) -> Response:
        if request.query_params.get("format") == "json":
            return JSONResponse(data, status_code=status, headers=_PAGE_HEADERS)
        body = self.env.get_template(name).render(
            data=data, title=title, forums=self.forums, request=request
        )
        return HTMLResponse(body, status_code=status, headers=_PAGE_HEADERS)

    def failed(self, request: Request, exc: CasegraphError, status: int = 404) -> Response:
        return self.page(request, "error.html", {"error": str(exc)}, "Not found", status)

    async def search_page(self, request: Request) -> Response:
        p = request.query_params
        text = p.get("q", "").strip()
        try:
            number = int(p.get("page", "1"))
        except ValueError:
            number = 1
        data: dict[str, Any] = {"query": text, "results": [], "filters": {}, "paging": {}}
        if text:
            try:
                data = search_data(
                    self.store,
                    text,
                    forum=p.get("forum", ""),
                    date_from=p.get("from", ""),
                    date_to=p.get("to", ""),
                    page=number,
                )
            except CasegraphError as exc:
                return self.failed(request, exc, 400)
        return self.page(request, "search.html", data, f"Search: {text}" if text else "casegraph")

    def keyed(self, name: str, build: Any, template: str) -> Any:
        async def handler(request: Request) -> Response:
            key = request.path_params["key"]
            try:
                data = build(self.G, key)
            except CasegraphError as exc:
                return self.failed(request, exc)
            return self.page(request, template, data, _title(self.G, key, data, name))

        return handler

    async def graph_page(self, request: Request) -> Response:
        G, key = self.G, request.path_params["key"]
        if key not in G or G.nodes[key].get("type") != "Matter":
            return self.failed(request, NoMatchError(f"no matter {key!r} in the store"))
        _, body = render(G, select_matter(G, key), 1000, "", matter_title(G, key), matter=key)
        return HTMLResponse(body, headers={**HEADERS, "Content-Security-Policy": GRAPH_CSP})

    async def source_page(self, request: Request) -> Response:
        path = request.query_params.get("path", "")
        try:
            line = int(request.query_params.get("line", "1"))
        except ValueError:
            line = 1
        if path not in self.store.paths():
            return self.failed(request, NoMatchError(f"{path!r} is not a file of this store"))
        try:
            text = read_document(path).text
        except (CasegraphError, OSError) as exc:
            return self.failed(request, NoMatchError(f"{path}: cannot be read now ({exc})"), 410)
        data = {"path": path, "line": line, "lines": text[:MAX_SOURCE_BYTES].split("\n")}
        return self.page(request, "source.html", data, f"{path}, line {line}")


def _title(G: nx.MultiDiGraph, key: str, data: dict[str, Any], kind: str) -> str:
    if kind == "meeting":
        return f"{data.get('forum')} {data.get('date')}"
    if kind == "forum":
        return key
    d = G.nodes[key]
    return str(d.get("label") or d.get("name") or key)
