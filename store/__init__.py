"""Persistence: the SQLite store of records (with FTS5 search and the graph cache) and the
Neo4j database (connecting, property mapping, the Cypher casegraph sends).

It keeps what it is given; deriving the graph is the pipeline's job (``casegraph.pipeline``).
"""
