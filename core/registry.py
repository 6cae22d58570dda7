"""Registries name what they hold as ``"module:attribute"`` strings, resolved when used.

The question registry (:mod:`queries.questions`) and the export formats
(:mod:`outputs.formats`) list their entries this way, so that reading a registry -- for
``casegraph --help`` -- imports none of the modules that answer or write.

>>> resolve("core.text:slug")("Åse Nielsen")
'aase-nielsen'
"""

from __future__ import annotations

import importlib
from typing import Any


def resolve(name: str) -> Any:
    """The attribute ``name`` (``"module:attribute"``) names, importing its module."""
    module, _, attribute = name.partition(":")
    return getattr(importlib.import_module(module), attribute)


__all__ = ["resolve"]
