// The map of places: bundled country outlines (no tile server is reachable) and one circle
// per geocoded place. Popups are built with textContent, never from HTML strings, because
// place names come from scraped text.
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function shade(count, max) {
    if (!count) return "#eef1f4";
    var t = Math.sqrt(count / max);
    var light = Math.round(88 - t * 48);
    return "hsl(205, 60%, " + light + "%)";
  }

  // Rings that cross the antimeridian jump from +180 to -180; unwrapping them (each point
  // within 180 degrees of the previous one) stops Leaflet drawing bands across the world.
  function unwrapRing(ring) {
    var shift = 0, prev = null;
    return ring.map(function (pt) {
      var lon = pt[0] + shift;
      if (prev !== null && lon - prev > 180) { shift -= 360; lon -= 360; }
      else if (prev !== null && lon - prev < -180) { shift += 360; lon += 360; }
      prev = lon;
      return [lon, pt[1]];
    });
  }

  function unwrap(feature) {
    var g = feature.geometry;
    if (!g) return feature;
    if (g.type === "Polygon") g.coordinates = g.coordinates.map(unwrapRing);
    else if (g.type === "MultiPolygon") {
      g.coordinates = g.coordinates.map(function (poly) { return poly.map(unwrapRing); });
    }
    return feature;
  }

  // Antarctica (ISO 010) is left out: it spans every longitude and carries no news here.
  var ANTARCTICA = "010";

  function popup(p) {
    var box = el("div", "map-popup");
    box.appendChild(el("strong", null, p.name));
    var where = [p.admin1, p.country].filter(Boolean).join(", ");
    if (where) box.appendChild(el("div", "muted", where));
    box.appendChild(el("div", null, p.articles + (p.articles === 1 ? " article" : " articles")));
    return box;
  }

  function start() {
    var node = document.getElementById("map");
    var status = document.getElementById("map-status");
    if (!node || typeof L === "undefined" || typeof topojson === "undefined") {
      if (status) status.textContent = "The map scripts did not load.";
      return;
    }
    var map = L.map(node, { worldCopyJump: true, minZoom: 1, maxZoom: 9, attributionControl: false })
      .setView([25, 10], 2);
    Promise.all([
      fetch(node.dataset.outlines).then(function (r) { return r.json(); }),
      fetch(node.dataset.places, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error("places: HTTP " + r.status);
        return r.json();
      })
    ]).then(function (loaded) {
      var world = loaded[0], data = loaded[1];
      var counts = data.countries || {};
      var max = 1;
      Object.keys(counts).forEach(function (k) { max = Math.max(max, counts[k]); });
      var countries = topojson.feature(world, world.objects.countries);
      countries.features = countries.features
        .filter(function (f) { return f.id !== ANTARCTICA; })
        .map(unwrap);
      L.geoJSON(countries, {
        className: "country",
        style: function (f) {
          return { color: "#8a99a8", weight: 0.6, fillOpacity: 1, fillColor: shade(counts[f.id], max) };
        },
        onEachFeature: function (f, layer) {
          var n = counts[f.id] || 0;
          var label = el("span", null, (f.properties && f.properties.name ? f.properties.name : "") +
            (n ? ": " + n + " mention" + (n === 1 ? "" : "s") : ""));
          layer.bindTooltip(label, { sticky: true });
        }
      }).addTo(map);
      var maxArticles = 1;
      data.points.forEach(function (p) { maxArticles = Math.max(maxArticles, p.articles); });
      var markers = data.points.map(function (p) {
        return L.circleMarker([p.lat, p.lon], {
          className: "place-marker",
          radius: 4 + 10 * Math.sqrt(p.articles / maxArticles),
          color: "#b3261e", weight: 1, fillColor: "#e4572e", fillOpacity: 0.75
        }).bindPopup(popup(p)).addTo(map);
      });
      if (markers.length) {
        map.fitBounds(L.featureGroup(markers).getBounds().pad(0.4), { maxZoom: 5 });
      }
      node.dataset.ready = "true";
      node.dataset.placesCount = String(markers.length);
      if (status) {
        status.textContent = markers.length
          ? markers.length + " place" + (markers.length === 1 ? "" : "s") + " on the map."
          : "No geocoded places yet.";
      }
    }).catch(function (err) {
      if (status) status.textContent = "The map data could not be loaded: " + err.message;
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
