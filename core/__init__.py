"""The bottom layer: what every other layer shares and nothing here imports from them.

``records`` (the typed records with provenance), ``errors``, ``settings``, ``schema`` (node and
edge types as constants, natural keys) and ``text`` (Danish text helpers: slugs, folding,
months, stemming).
"""
