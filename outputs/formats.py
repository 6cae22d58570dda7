"""The registry of export formats: name -> exporter class, what it writes, file or folder.

The exporter classes are named by ``"module:Class"`` strings, so that listing the formats
(for ``casegraph export --help``) imports nothing; :mod:`outputs.exporters` loads one and
writes its files. A new format is one module with a class that has a ``name`` and
``render(G)`` (the :class:`Exporter` interface) and one entry in :data:`FORMATS`.

>>> FORMATS["csv"].folder, FORMATS["json"].load().name
(True, 'json')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from core.registry import resolve

if TYPE_CHECKING:
    import networkx as nx


class Exporter(Protocol):
    """One export format."""

    #: The format's name, as ``--format`` takes it.
    name: str

    def render(self, G: nx.MultiDiGraph) -> dict[str, bytes]:
        """The export of ``G``: ``{"": data}`` for a one-file format, else file name ->
        data for the files of a folder."""
        ...


@dataclass(frozen=True)
class Format:
    """A registered format: its exporter class (``"module:Class"``), what it writes, and
    whether ``-o`` names a folder (several files) rather than a file."""

    name: str
    exporter: str
    help: str
    folder: bool = False

    def load(self) -> Exporter:
        """An instance of the exporter class (importing its module)."""
        exporter: Exporter = resolve(self.exporter)()
        return exporter


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "json",
            "outputs.export_json:JsonExporter",
            "meetings, items, matters and people in one document (schema_version 1)",
        ),
        Format(
            "graphml",
            "outputs.export_graphml:GraphmlExporter",
            "the whole graph for Gephi, yEd or networkx (lists as JSON text)",
        ),
        Format(
            "csv",
            "outputs.export_csv:CsvExporter",
            "a folder of tables: meetings.csv, items.csv, people.csv, edges.csv",
            folder=True,
        ),
        Format(
            "html",
            "outputs.export_html:HtmlExporter",
            "the interactive graph page of the whole graph (as `casegraph viz`)",
        ),
    )
}


__all__ = ["FORMATS", "Exporter", "Format"]
