"""The web UI for analysts: server-rendered Jinja2 pages, htmx for live search, Leaflet map.

``templates/`` holds the pages, ``static/`` our CSS/JS and the files vendored from npm
(``scripts/vendor_static.sh``); nothing is loaded from another host.
"""

from pathlib import Path

WEB_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
