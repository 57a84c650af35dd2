"""The HTTP API (JSON under ``/api/``) and the web UI, served by one FastAPI app."""

from newsloom.api.app import create_app

__all__ = ["create_app"]
