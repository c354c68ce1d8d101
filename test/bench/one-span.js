'use strict';
// The span of the export scenarios, the way the issue measures it: start, five attributes, end. No requires: the
// burst worker loads one implementation only (its peak RSS is measured).
function oneSpanOf(tracer) {
  let i = 0;
  return () => {
    const span = tracer.startSpan('GET /items/:id');
    span.setAttribute('http.request.method', 'GET');
    span.setAttribute('http.route', '/items/:id');
    span.setAttribute('http.response.status_code', 200);
    span.setAttribute('url.path', `/items/${i++ & 1023}`);
    span.setAttribute('server.address', 'api.example.com');
    span.end();
  };
}

module.exports = { oneSpanOf };
