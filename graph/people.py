"""People, roles and organisations in the graph (after :func:`graph.build.build_graph`).

:func:`add_people` reads the mentions :func:`extract.people.annotate_people` put on
each agenda item and adds, per ``docs/schema.md``:

* ``Person`` nodes (``person:<slug>``) with ``aliases`` (short forms such as
  ``Morten V``) and ``roles`` (``Borgerrådgiver``) merged in;
* ``PRESENTED`` (the person introduced or reported on the item), ``GUEST_AT``,
  ``ABSENT_FROM`` (per item) and ``MENTIONED_IN`` edges from a person to the item;
* ``Role`` nodes (``role:<slug>``) with ``MENTIONED_IN`` for an office named without
  a person (``Kommunaldirektøren orienterede ...``; the edge's ``kind`` says whether
  the office presented);
* ``Organisation`` nodes (``org:<slug>``) with ``MENTIONED_IN``.

Every edge carries provenance (``source_path``, ``sha256``, ``first_line``,
``last_line``) and ``text``, the words it was read from. Mentions that could not be
resolved (``Gitte`` when two Gittes attended) are kept on the item node as
``unresolved_mentions`` with their candidates, never turned into a guessed edge.
Adding the same documents twice changes nothing.

>>> from core.records import AgendaItem, Document, Meeting, PersonMention, Section, Source
>>> src = Source("m.txt", "0" * 64, 5, 5)
>>> item = AgendaItem(number=1, title="Budget", source=src, organisations=("KL",),
...     sections=(Section("Beslutning", "Morten V orienterede om KL.", src),),
...     mentions=(PersonMention("Morten V", "presenter", "Morten V. Pedersen", source=src),))
>>> doc = Document("m.txt", "0" * 64, Meeting("Direktionen", "2021-01-07", src, items=(item,)))
>>> from graph.build import build_graph
>>> G = build_graph([doc])
>>> add_people(G, [doc])
>>> G.nodes["person:morten-v-pedersen"]["aliases"]
['Morten V']
>>> sorted((u, k) for u, _, k in G.in_edges("item:direktionen:2021-01-07:1", keys=True)
...        if k in ("PRESENTED", "MENTIONED_IN"))
[('org:kl', 'MENTIONED_IN'), ('person:morten-v-pedersen', 'PRESENTED')]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from core import schema
from core.records import AgendaItem, Document, PersonMention, Source
from core.schema import org_key, role_key
from core.text import fold
from extract.orgs import ORG_FORMS
from graph.build import add_person, provenance

EDGE_OF_KIND = {
    "presenter": schema.PRESENTED,
    "guest": schema.GUEST_AT,
    "absent": schema.ABSENT_FROM,
    "mention": schema.MENTIONED_IN,
}


def _add_to_list(attrs: dict[str, Any], field: str, value: str) -> None:
    values = attrs.setdefault(field, [])
    if value not in values:
        values.append(value)
        values.sort()


def _is_alias(text: str, name: str) -> bool:
    """Whether the printed ``text`` is another form of ``name`` (not a genitive).

    >>> _is_alias("Morten V", "Morten V. Pedersen")
    True
    >>> _is_alias("Gitte Clemmensens", "Gitte Clemmensen")
    False
    """
    printed, full = fold(text), fold(name)
    # An office that stood for the person ("Borgerrådgiveren") is no alias of hers.
    same_first = printed.split()[:1] == full.split()[:1]
    return same_first and printed not in (full, full + "s")


def _edge(G: nx.MultiDiGraph, u: str, v: str, type_: str, attrs: dict[str, Any]) -> None:
    """Add an edge once; a later mention never overwrites the first one's provenance,
    but an edge without text (a guest from the parser's list) gets the mention's."""
    data = G.get_edge_data(u, v, key=type_)
    if data is None:
        G.add_edge(u, v, key=type_, type=type_, **attrs)
    elif "text" not in data:
        data.update(attrs)


def add_people(
    G: nx.MultiDiGraph, documents: Iterable[Document], marks: list[int] | None = None
) -> None:
    """Add people, roles and organisations of annotated ``documents`` to ``G``.

    Parameters
    ----------
    G:
        The graph of :func:`graph.build.build_graph` over the same documents.
    documents:
        Documents returned by :func:`extract.people.annotate_people`.
    marks:
        When given, gets the number of nodes after each document.
    """
    for doc in documents:
        _add_document_people(G, doc)
        if marks is not None:
            marks.append(len(G._node))


def _add_document_people(G: nx.MultiDiGraph, doc: Document) -> None:
    meeting_key = doc.meeting.key
    for item in doc.meeting.items:
        item_key = item.key(meeting_key)
        if item_key not in G:
            continue
        unresolved = [_add_mention(G, item_key, mention) for mention in item.mentions]
        kept = [u for u in unresolved if u is not None]
        if kept:
            G.nodes[item_key]["unresolved_mentions"] = kept
        else:
            G.nodes[item_key].pop("unresolved_mentions", None)
        texts = _texts(item) if item.organisations else []
        for name in item.organisations:
            key = org_key(name)
            if key not in G:
                G.add_node(key, type=schema.ORGANISATION, name=name)
            source, text = _locate_org(item, texts, name)
            _edge(G, key, item_key, schema.MENTIONED_IN, {**provenance(source), "text": text})


def _add_mention(
    G: nx.MultiDiGraph, item_key: str, mention: PersonMention
) -> dict[str, Any] | None:
    """Add one mention's node and edge; return it as a dict when it is unresolved."""
    attrs = {**provenance(mention.source), "text": mention.text}
    if mention.name is not None:
        key = add_person(G, mention.name)
        node = G.nodes[key]
        if mention.role:
            _add_to_list(node, "roles", mention.role)
            attrs["role"] = mention.role
        if mention.text and _is_alias(mention.text, mention.name):
            _add_to_list(node, "aliases", mention.text)
        type_ = EDGE_OF_KIND.get(mention.kind, schema.MENTIONED_IN)
        if type_ == schema.ABSENT_FROM:
            attrs["scope"] = "item"
        _edge(G, key, item_key, type_, attrs)
        return None
    if mention.role and not mention.candidates:
        key = role_key(mention.role)
        if key not in G:
            G.add_node(key, type=schema.ROLE, name=mention.role)
        _edge(G, key, item_key, schema.MENTIONED_IN, {**attrs, "kind": mention.kind})
        return None
    return {
        "text": mention.text,
        "kind": mention.kind,
        "candidates": list(mention.candidates),
        "role": mention.role,
        **provenance(mention.source),
    }


_FORMS_OF: dict[str, list[str]] = {}
for _form, _canonical in ORG_FORMS.items():
    _FORMS_OF.setdefault(_canonical, []).append(_form)


def _texts(item: AgendaItem) -> list[tuple[str, Source]]:
    """The title (on its own line) and the sections of an item, with their sources."""
    title = Source(
        item.source.path, item.source.sha256, item.source.first_line, item.source.first_line
    )
    return [(item.title, title), *((s.text, s.source) for s in item.sections)]


def _locate_org(item: AgendaItem, texts: list[tuple[str, Source]], name: str) -> tuple[Source, str]:
    """The section of ``item`` that first names organisation ``name``, and how."""
    forms = sorted({name, *_FORMS_OF.get(name, ())}, key=len, reverse=True)
    if name.endswith(" Kommune"):
        forms.append(name[: -len("Kommune")] + "kommune")
    for text, source in texts:
        for form in forms:
            if form in text:
                return source, form
    # A name wrapped over two lines.
    for text, source in texts:
        flat = " ".join(text.split())
        for form in forms:
            if form in flat:
                return source, form
    return item.source, name


__all__ = ["EDGE_OF_KIND", "add_people"]
