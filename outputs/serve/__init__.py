"""``casegraph serve``: a local, read-only web app over a store, for people who use no terminal.

Pages: search (full text, filtered by forum and dates, in pages), a meeting, a matter (its
timeline with the deciding step, why each step is linked, who was in the room, and the
graph page ``casegraph viz`` writes, embedded), a person and a forum. Every fact links to
its source file and line; every page has a JSON twin (``?format=json``) in the shape of
the CLI's ``--json`` answers.

Why a small Starlette app with Jinja2 templates and not a Datasette plugin: Datasette is
what data journalists use to browse SQLite tables, and it earns its place when the tables
are the thing to browse. This store's tables are not: ``documents`` holds each minutes
file's records as one compressed JSON value, ``paths`` maps files to them, ``items_fts`` is a
search index; matters, people, attendance and the links between forums exist only in the graph
derived from them. A plugin would load that graph and render every page here itself,
behind Datasette's own pages, scripts and security policy, for a dependency ten times the
size of this package. If the store grows tables of meetings, items and matters, running
``datasette`` on its database beside this app costs nothing and needs no code here.

Read-only by construction: the app answers GET requests from the graph and the store's
search, and serves a source file only when the store lists it. It binds 127.0.0.1; another
host is a choice (``--host``) and the CLI warns that there is no login. Pages carry no
script at all (``script-src 'none'``) except the embedded graph page, which has the same
policy as the file ``viz`` writes; document text is escaped by Jinja2's autoescape, and
nothing is loaded from any other host.
"""

from __future__ import annotations

from outputs.serve.app import create_app

__all__ = ["create_app"]
