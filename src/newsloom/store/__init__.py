"""The store: SQLite (default) or PostgreSQL behind one ``Store`` protocol (``base.py``)."""
