"""What casegraph writes for people and other programs: the HTML graph view (``viz``), the
JSON export (``export_json``) and the Neo4j loader (``neo4j_load``).
"""
