#!/usr/bin/env bash
# Fetch the web UI's JavaScript, CSS and map data from npm and copy them into
# src/newsloom/web/static/vendor/. The copies are committed, so neither the server nor the
# tests need npm or a network: run this only to change a version.
#
#   package            version  licence       what for
#   htmx.org           2.0.11   BSD-0-Clause  live search results and facet links
#   leaflet            1.9.4    BSD-2-Clause  the map of places
#   topojson-client    3.1.0    ISC           TopoJSON -> GeoJSON for the country outlines
#   world-atlas        2.0.2    ISC           countries-110m.json (Natural Earth, public domain)
#   swagger-ui-dist    5.35.0   Apache-2.0    the interactive API docs at /docs
#
# Versions are pinned in package.json / package-lock.json (npm ci installs exactly those).
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --ignore-scripts --no-audit --no-fund
dest=src/newsloom/web/static/vendor
rm -rf "$dest"
mkdir -p "$dest/leaflet/images"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx.min.js"
cp node_modules/htmx.org/LICENSE "$dest/htmx.LICENSE"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$dest/leaflet/"
cp node_modules/leaflet/dist/images/*.png "$dest/leaflet/images/"
cp node_modules/leaflet/LICENSE "$dest/leaflet/LICENSE"
cp node_modules/topojson-client/dist/topojson-client.min.js "$dest/topojson-client.min.js"
cp node_modules/topojson-client/LICENSE "$dest/topojson-client.LICENSE"
cp node_modules/world-atlas/countries-110m.json "$dest/countries-110m.json"
cp node_modules/world-atlas/LICENSE "$dest/world-atlas.LICENSE"
mkdir -p "$dest/swagger-ui"
cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
  node_modules/swagger-ui-dist/LICENSE "$dest/swagger-ui/"
echo "vendored into $dest:"
ls -l "$dest"
