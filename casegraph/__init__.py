"""casegraph: Danish municipal minutes as a case-tracking knowledge graph."""

__version__ = "0.1.0"
