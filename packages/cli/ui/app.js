// otelkit view: the browser side. Plain DOM, no framework, no network beyond this viewer's own API.
// Untrusted text (span names, attributes) only ever goes into textContent, never into HTML.
/* global document, window, navigator, history, location, EventSource, Node, fetch, URLSearchParams -- runs in the browser */
'use strict';

(function () {
  const main = document.getElementById('main');
  const statsEl = document.getElementById('stats');
  const liveEl = document.getElementById('live');

  const filter = { q: '', service: '', errors: false, minMs: '' };
  let view = { kind: 'none' };
  let lastStats = null;
  let otlpUrl = '';
  let refreshTimer = null;

  // ---- small helpers ---------------------------------------------------------------------------

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = value;
      // CSSOM, not the style attribute: the page's CSP (no 'unsafe-inline') refuses the latter.
      else if (key === 'style') {
        for (const decl of value.split(';')) {
          const colon = decl.indexOf(':');
          if (colon > 0)
            el.style.setProperty(decl.slice(0, colon).trim(), decl.slice(colon + 1).trim());
        }
      } else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  function formatDuration(ms) {
    if (!(ms >= 0)) return '?';
    if (ms < 1) return `${Math.round(ms * 1000)} µs`;
    if (ms < 10) return `${ms.toFixed(2)} ms`;
    if (ms < 1000) return `${ms.toFixed(1)} ms`;
    return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
  }

  function formatTime(ms) {
    const d = new Date(ms);
    const pad = (n, w = 2) => String(n).padStart(w, '0');
    return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  }

  // The same service always gets the same hue, in the list and in every waterfall.
  function serviceHue(name) {
    let hash = 0;
    for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) | 0;
    return ((hash % 360) + 360) % 360;
  }

  function serviceChip(name) {
    return h('span', { class: 'chip', style: `--hue:${serviceHue(name)}`, text: name });
  }

  function valueText(value) {
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  async function getJson(path) {
    const res = await fetch(path, { headers: { accept: 'application/json' } });
    const body = await res.json();
    if (!res.ok)
      throw Object.assign(new Error(body.error || res.statusText), { status: res.status });
    return body;
  }

  function renderStats(stats) {
    if (!stats) return;
    lastStats = stats;
    const parts = [
      `${stats.traces} trace${stats.traces === 1 ? '' : 's'}`,
      `${stats.spans} / ${stats.maxSpans} spans`,
    ];
    if (stats.evictedTraces > 0) parts.push(`${stats.evictedTraces} traces evicted`);
    statsEl.textContent = parts.join(' · ');
    statsEl.dataset.evicted = String(stats.evictedTraces);
  }

  // ---- trace list -------------------------------------------------------------------------------

  function listQuery() {
    const q = new URLSearchParams();
    if (filter.q) q.set('q', filter.q);
    if (filter.service) q.set('service', filter.service);
    if (filter.errors) q.set('errors', '1');
    if (filter.minMs !== '') q.set('minMs', filter.minMs);
    return q.toString();
  }

  function filterBar(services) {
    const onChange = () => scheduleRefresh(120);
    const text = h('input', {
      id: 'filter-text',
      type: 'search',
      placeholder: 'Search names, attributes, trace id  ( / )',
      'aria-label': 'Search span names and attributes',
      value: filter.q,
      oninput: (e) => {
        filter.q = e.target.value;
        onChange();
      },
    });
    const service = h(
      'select',
      {
        id: 'filter-service',
        'aria-label': 'Service',
        onchange: (e) => {
          filter.service = e.target.value;
          onChange();
        },
      },
      h('option', { value: '', text: 'All services' }),
      services.map((s) => h('option', { value: s, text: s, selected: s === filter.service })),
    );
    const errors = h('input', {
      id: 'filter-errors',
      type: 'checkbox',
      checked: filter.errors,
      onchange: (e) => {
        filter.errors = e.target.checked;
        onChange();
      },
    });
    const minMs = h('input', {
      id: 'filter-min',
      type: 'number',
      min: '0',
      step: 'any',
      placeholder: '0',
      value: filter.minMs,
      'aria-label': 'Minimum duration in milliseconds',
      oninput: (e) => {
        filter.minMs = e.target.value;
        onChange();
      },
    });
    return h(
      'form',
      { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
      text,
      h('label', {}, 'Service ', service),
      h('label', { class: 'check' }, errors, ' Errors only'),
      h('label', {}, 'Min duration ', minMs, ' ms'),
    );
  }

  function traceRow(t) {
    const open = () => (location.hash = `#/trace/${t.traceId}`);
    return h(
      'tr',
      {
        class: t.errorCount > 0 ? 'trace-row has-error' : 'trace-row',
        'data-trace-id': t.traceId,
        'data-services': t.services.join(' '),
        'data-error': t.errorCount > 0 ? 'true' : 'false',
        onclick: (e) => {
          if (e.target.tagName !== 'A') open();
        },
      },
      h('td', { class: 'time', text: formatTime(t.startMs) }),
      h(
        'td',
        { class: 'root' },
        h(
          'a',
          { href: `#/trace/${t.traceId}`, class: 'trace-link' },
          h('span', { class: 'root-service', text: t.rootService }),
          ' ',
          h('span', { class: 'root-name', text: t.rootName }),
        ),
        t.hasRoot ? null : h('span', { class: 'muted', text: ' (root span not received yet)' }),
      ),
      h('td', { class: 'services' }, t.services.map(serviceChip)),
      h('td', { class: 'num', text: String(t.spanCount) }),
      h('td', { class: 'num', text: formatDuration(t.durationMs) }),
      h(
        'td',
        { class: 'status' },
        t.errorCount > 0
          ? h('span', {
              class: 'error-mark',
              text: `ERROR${t.errorCount > 1 ? ` ×${t.errorCount}` : ''}`,
              title: `${t.errorCount} span(s) with status ERROR`,
            })
          : null,
      ),
    );
  }

  function emptyList(data) {
    if (data.stats.traces > 0)
      return h('p', { class: 'empty', text: 'No trace matches these filters.' });
    return h(
      'div',
      { class: 'empty' },
      h('p', { text: 'No traces yet. Send some: start your app with' }),
      h(
        'pre',
        {},
        `OTEL_EXPORTER_OTLP_ENDPOINT=${otlpUrl || 'http://127.0.0.1:4318'} \\\n  node --require @otelkit/node/register app.js`,
      ),
      h('p', { text: 'Traces appear here as they arrive.' }),
    );
  }

  let listBody = null;

  async function showList() {
    const focusedId = document.activeElement && document.activeElement.id;
    const data = await getJson(`/api/traces?${listQuery()}`);
    otlpUrl = data.otlpUrl || otlpUrl;
    renderStats(data.stats);
    if (view.kind !== 'list') return;
    if (!listBody || !main.contains(listBody)) {
      main.replaceChildren(
        filterBar(data.services),
        (listBody = h('section', { id: 'trace-list' })),
      );
    } else {
      const select = document.getElementById('filter-service');
      const known = new Set([...select.options].map((o) => o.value));
      for (const s of data.services)
        if (!known.has(s)) select.append(h('option', { value: s, text: s }));
    }
    const table = data.traces.length
      ? h(
          'table',
          { class: 'traces' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Start', 'Root span', 'Services', 'Spans', 'Duration', 'Status'].map((c) =>
                h('th', { text: c, scope: 'col' }),
              ),
            ),
          ),
          h('tbody', {}, data.traces.map(traceRow)),
        )
      : emptyList(data);
    const focusedTrace =
      document.activeElement &&
      document.activeElement.closest &&
      document.activeElement.closest('tr');
    const keep = focusedTrace && focusedTrace.dataset.traceId;
    listBody.replaceChildren(table);
    if (keep) {
      const again = listBody.querySelector(`tr[data-trace-id="${keep}"] a`);
      if (again) again.focus();
    } else if (focusedId) {
      const el = document.getElementById(focusedId);
      if (el && document.activeElement !== el) el.focus();
    }
  }

  // ---- trace page -------------------------------------------------------------------------------

  /** Depth-first rows: each span after its parent, siblings by start time; orphans as roots. */
  function spanRows(spans) {
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const children = new Map();
    const roots = [];
    for (const s of spans) {
      if (s.parentSpanId && byId.has(s.parentSpanId)) {
        if (!children.has(s.parentSpanId)) children.set(s.parentSpanId, []);
        children.get(s.parentSpanId).push(s);
      } else roots.push(s);
    }
    const byStart = (a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1);
    const rows = [];
    const visit = (span, depth) => {
      rows.push({ span, depth, orphan: depth === 0 && !!span.parentSpanId });
      for (const child of (children.get(span.spanId) || []).sort(byStart)) visit(child, depth + 1);
    };
    for (const root of roots.sort(byStart)) visit(root, 0);
    return rows;
  }

  function kvTable(obj, emptyText) {
    const keys = Object.keys(obj || {}).sort();
    if (keys.length === 0) return h('p', { class: 'muted', text: emptyText });
    return h(
      'table',
      { class: 'kv' },
      h(
        'tbody',
        {},
        keys.map((k) =>
          h(
            'tr',
            { 'data-key': k },
            h('th', { scope: 'row', text: k }),
            h('td', { text: valueText(obj[k]) }),
          ),
        ),
      ),
    );
  }

  function detailPanel(span, traceStartNs) {
    const offsetMs = (ns) => Number(BigInt(ns) - traceStartNs) / 1e6;
    const close = h('button', {
      class: 'close',
      type: 'button',
      'aria-label': 'Close span details (Esc)',
      text: '×',
      onclick: () => selectSpan(null),
    });
    return h(
      'aside',
      {
        id: 'span-detail',
        'data-span-id': span.spanId,
        tabindex: '-1',
        'aria-label': 'Span details',
      },
      h('div', { class: 'detail-head' }, h('h2', { text: span.name }), close),
      h(
        'p',
        { class: 'detail-meta' },
        serviceChip(span.service),
        h('span', { class: 'kind', text: span.kind }),
        h('span', { class: `status status-${span.status.code}`, text: span.status.code }),
        h('span', { text: formatDuration(span.durationMs) }),
        h('span', {
          class: 'muted',
          text: `at +${formatDuration(offsetMs(span.startTimeUnixNano))}`,
        }),
      ),
      span.status.message ? h('p', { class: 'status-message', text: span.status.message }) : null,
      h(
        'p',
        { class: 'ids muted' },
        `span ${span.spanId}`,
        span.parentSpanId ? ` · parent ${span.parentSpanId}` : '',
      ),
      h('h3', { text: 'Attributes' }),
      h('div', { id: 'span-attributes' }, kvTable(span.attributes, 'No attributes.')),
      h('h3', { text: `Events (${span.events.length})` }),
      span.events.length === 0
        ? h('p', { class: 'muted', text: 'No events.' })
        : h(
            'ol',
            { class: 'events' },
            span.events.map((e) =>
              h(
                'li',
                {},
                h('strong', { text: e.name }),
                h('span', {
                  class: 'muted',
                  text: ` +${formatDuration(offsetMs(e.timeUnixNano))}`,
                }),
                kvTable(e.attributes, ''),
              ),
            ),
          ),
      h('h3', { text: `Links (${span.links.length})` }),
      span.links.length === 0
        ? h('p', { class: 'muted', text: 'No links.' })
        : h(
            'ul',
            { class: 'links' },
            span.links.map((l) =>
              h(
                'li',
                {},
                h('a', {
                  href: `#/trace/${l.traceId}/${l.spanId}`,
                  class: 'span-link',
                  text: `trace ${l.traceId}`,
                }),
                h('span', { class: 'muted', text: ` span ${l.spanId}` }),
                kvTable(l.attributes, ''),
              ),
            ),
          ),
      h('h3', { text: 'Resource' }),
      kvTable(span.resource, 'No resource attributes.'),
      h('h3', { text: 'Instrumentation scope' }),
      h('p', {
        text: `${span.scope.name || '(unnamed)'}${span.scope.version ? ` ${span.scope.version}` : ''}`,
      }),
      kvTable(span.scope.attributes, ''),
    );
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    const area = h('textarea', { class: 'offscreen' });
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error('copy refused'));
  }

  function ruler(totalMs) {
    const ticks = [];
    for (let i = 0; i <= 4; i++) {
      ticks.push(
        h('span', {
          class: 'tick',
          style: `left:${i * 25}%`,
          text: formatDuration((totalMs * i) / 4),
        }),
      );
    }
    return h(
      'div',
      { class: 'ruler', 'aria-hidden': 'true' },
      h('div', { class: 'name-col' }),
      h('div', { class: 'bar-col' }, ticks),
    );
  }

  function waterfall(data) {
    const spans = data.spans;
    const rows = spanRows(spans);
    const startNs = spans.reduce(
      (m, s) => (BigInt(s.startTimeUnixNano) < m ? BigInt(s.startTimeUnixNano) : m),
      BigInt(spans[0].startTimeUnixNano),
    );
    const endNs = spans.reduce(
      (m, s) => (BigInt(s.endTimeUnixNano) > m ? BigInt(s.endTimeUnixNano) : m),
      0n,
    );
    const totalMs = Math.max(Number(endNs - startNs) / 1e6, 0.001);
    const list = h(
      'div',
      { class: 'waterfall', role: 'list', id: 'waterfall' },
      rows.map(({ span, depth, orphan }) => {
        const left = (Number(BigInt(span.startTimeUnixNano) - startNs) / 1e6 / totalMs) * 100;
        const width = Math.max((span.durationMs / totalMs) * 100, 0.3);
        const isError = span.status.code === 'ERROR';
        return h(
          'div',
          {
            class: `span-row${isError ? ' has-error' : ''}`,
            role: 'listitem',
            tabindex: '0',
            'data-span-id': span.spanId,
            'data-parent-span-id': span.parentSpanId || '',
            'data-depth': depth,
            'data-service': span.service,
            'data-status': span.status.code,
            'aria-label': `${span.service} ${span.name}, ${span.kind}, ${formatDuration(span.durationMs)}${isError ? ', error' : ''}`,
            style: `--depth:${depth};--hue:${serviceHue(span.service)}`,
            onclick: () => selectSpan(span.spanId),
            onkeydown: (e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                selectSpan(span.spanId);
              } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                const next =
                  e.key === 'ArrowDown'
                    ? e.currentTarget.nextElementSibling
                    : e.currentTarget.previousElementSibling;
                if (next) next.focus();
              }
            },
          },
          h(
            'div',
            { class: 'name-col' },
            h('span', { class: 'indent' }),
            h('span', { class: 'svc-dot', 'aria-hidden': 'true' }),
            h('span', { class: 'svc', text: span.service }),
            h('span', { class: 'span-name', text: span.name }),
            h('span', { class: 'kind', text: span.kind }),
            isError ? h('span', { class: 'error-mark', text: 'ERROR' }) : null,
            orphan ? h('span', { class: 'muted', text: ' (parent missing)' }) : null,
          ),
          h(
            'div',
            { class: 'bar-col' },
            h('span', { class: 'bar', style: `left:${left}%;width:${width}%` }),
            // A bar reaching the right edge carries its label inside, so the label is never cut off.
            left + width > 80
              ? h('span', {
                  class: 'bar-label inside',
                  style: `right:${100 - left - width}%`,
                  text: formatDuration(span.durationMs),
                })
              : h('span', {
                  class: 'bar-label',
                  style: `left:${left + width}%`,
                  text: formatDuration(span.durationMs),
                }),
          ),
        );
      }),
    );
    return { list, startNs, totalMs };
  }

  async function showTrace(traceId, spanId) {
    let data;
    try {
      data = await getJson(`/api/traces/${encodeURIComponent(traceId)}`);
    } catch (err) {
      if (view.kind !== 'trace' || view.traceId !== traceId) return;
      main.replaceChildren(
        h(
          'section',
          { class: 'not-found' },
          h('p', { text: `Trace ${traceId}: ${err.message}.` }),
          h('a', { href: '#/', text: '← back to all traces' }),
        ),
      );
      return;
    }
    if (view.kind !== 'trace' || view.traceId !== traceId) return;
    view.data = data;
    const { summary } = data;
    const { list, startNs, totalMs } = waterfall(data);
    view.startNs = startNs;
    const copyButton = h('button', {
      type: 'button',
      id: 'copy-json',
      text: 'Copy trace as JSON',
      onclick: () =>
        copyText(JSON.stringify({ traceId, spans: data.spans }, null, 2)).then(
          () => (copyButton.textContent = 'Copied ✓'),
          () => (copyButton.textContent = 'Copy failed'),
        ),
    });
    const focusedSpan =
      document.activeElement &&
      document.activeElement.dataset &&
      document.activeElement.dataset.spanId;
    main.replaceChildren(
      h(
        'section',
        { class: 'trace-page', 'data-trace-id': traceId },
        h(
          'div',
          { class: 'trace-head' },
          h('a', { href: '#/', class: 'back', text: '← All traces' }),
          h(
            'h1',
            {},
            h('span', { class: 'root-service', text: summary.rootService }),
            ' ',
            summary.rootName,
          ),
          h(
            'p',
            { class: 'trace-meta' },
            summary.services.map(serviceChip),
            h('span', { text: `${summary.spanCount} spans` }),
            h('span', { text: formatDuration(summary.durationMs) }),
            h('span', { text: formatTime(summary.startMs) }),
            summary.errorCount > 0
              ? h('span', { class: 'error-mark', text: `${summary.errorCount} ERROR` })
              : null,
            h('span', { class: 'muted mono', text: traceId }),
            copyButton,
          ),
        ),
        h(
          'div',
          { class: 'trace-body' },
          h('div', { class: 'waterfall-wrap' }, ruler(totalMs), list),
          h('div', { id: 'detail-slot' }),
        ),
      ),
    );
    renderDetail(spanId);
    if (focusedSpan) {
      const row = main.querySelector(`.span-row[data-span-id="${focusedSpan}"]`);
      if (row) row.focus();
    }
  }

  function renderDetail(spanId) {
    const slot = document.getElementById('detail-slot');
    if (!slot || !view.data) return;
    for (const row of main.querySelectorAll('.span-row')) {
      row.classList.toggle('selected', row.dataset.spanId === spanId);
      row.setAttribute('aria-current', row.dataset.spanId === spanId ? 'true' : 'false');
    }
    const span = spanId && view.data.spans.find((s) => s.spanId === spanId);
    slot.replaceChildren(span ? detailPanel(span, view.startNs) : '');
    main.querySelector('.trace-body').classList.toggle('with-detail', !!span);
  }

  function selectSpan(spanId) {
    const base = `#/trace/${view.traceId}`;
    history.replaceState(null, '', spanId ? `${base}/${spanId}` : base);
    view.spanId = spanId;
    renderDetail(spanId);
    if (spanId) {
      const panel = document.getElementById('span-detail');
      if (panel) panel.focus({ preventScroll: true });
    } else {
      const row = main.querySelector(`.span-row[data-span-id="${view.lastSpanId}"]`);
      if (row) row.focus();
    }
    if (spanId) view.lastSpanId = spanId;
  }

  // ---- routing, live updates, keys -------------------------------------------------------------

  function route() {
    const match = /^#\/trace\/([0-9a-fA-F]+)(?:\/([0-9a-fA-F]+))?/.exec(location.hash);
    if (match) {
      const traceId = match[1].toLowerCase();
      const spanId = match[2] ? match[2].toLowerCase() : null;
      if (view.kind === 'trace' && view.traceId === traceId && view.data) {
        view.spanId = spanId;
        renderDetail(spanId);
        return;
      }
      view = { kind: 'trace', traceId, spanId, lastSpanId: spanId };
      main.replaceChildren(h('p', { class: 'muted', text: 'Loading trace…' }));
      showTrace(traceId, spanId).catch(showError);
    } else {
      view = { kind: 'list' };
      listBody = null;
      showList().catch(showError);
    }
  }

  function showError(err) {
    main.append(
      h('p', { class: 'error-text', role: 'alert', text: `otelkit view: ${err.message}` }),
    );
  }

  function refresh() {
    if (view.kind === 'list') showList().catch(showError);
    else if (view.kind === 'trace' && view.data) {
      // Spans of an open trace can still be arriving (later export batches): redraw when it grew.
      getJson(`/api/traces/${view.traceId}`)
        .then((data) => {
          if (view.kind === 'trace' && data.spans.length !== view.data.spans.length) {
            showTrace(view.traceId, view.spanId).catch(showError);
          }
        })
        .catch(() => {});
    }
  }

  function scheduleRefresh(ms) {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, ms);
  }

  function connectLive() {
    const events = new EventSource('/api/events');
    events.addEventListener('update', (e) => {
      liveEl.classList.add('on');
      const stats = JSON.parse(e.data);
      const changed = !lastStats || stats.receivedSpans !== lastStats.receivedSpans;
      renderStats(stats);
      if (changed) scheduleRefresh(50);
    });
    events.addEventListener('error', () => liveEl.classList.remove('on'));
  }

  document.addEventListener('keydown', (e) => {
    const typing = e.target.matches && e.target.matches('input, select, textarea');
    if (e.key === '/' && !typing) {
      e.preventDefault();
      if (view.kind !== 'list') location.hash = '#/';
      setTimeout(
        () => {
          const input = document.getElementById('filter-text');
          if (input) input.focus();
        },
        view.kind === 'list' ? 0 : 150,
      );
    } else if (e.key === 'Escape') {
      if (typing) e.target.blur();
      else if (view.kind === 'trace' && view.spanId) selectSpan(null);
      else if (view.kind === 'trace') location.hash = '#/';
    }
  });

  window.addEventListener('hashchange', route);
  route();
  connectLive();
})();
