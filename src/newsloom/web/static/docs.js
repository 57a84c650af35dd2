// The interactive API docs (Swagger UI, vendored from npm): started from this file because
// the Content-Security-Policy allows no inline script.
window.addEventListener("DOMContentLoaded", function () {
  var node = document.getElementById("swagger-ui");
  if (typeof SwaggerUIBundle === "undefined" || !node) return;
  SwaggerUIBundle({ url: node.dataset.schema, domNode: node, deepLinking: true });
});
