// The report page's script, inlined into every report (no network access
// needed to view it). A small canvas renderer instead of a charting library:
// the project cannot take new dependencies, and what the report needs is
// narrow — time lines with gaps, min–max bands, shaded intervals, threshold
// lines, a step curve, drag-to-zoom and hover values. Lines are decimated
// per pixel column at draw time (first/min/max/last), so a chart of 100k
// points draws in a few milliseconds.
//
// After drawing, the page writes a self-check (charts drawn, pixels changed
// by the data layers, errors caught by window.onerror/console.error) into
// #promforge-selfcheck, which headless tests read with --dump-dom.
//
// Plain ES2017 in a string: no backticks or template placeholders inside.

/** Installed first, before anything else runs, so no error goes unseen. */
export const ERROR_CAPTURE_SCRIPT = String.raw`
window.__promforgeErrors = [];
(function () {
  function note(text) {
    window.__promforgeErrors.push(String(text));
    if (window.__promforgeWriteCheck) window.__promforgeWriteCheck();
    else {
      // The renderer failed before it could report: say so, with the errors.
      var out = document.getElementById('promforge-selfcheck');
      if (out) out.textContent = JSON.stringify({ charts: [], errors: window.__promforgeErrors, renderMs: -1, pageHeight: 0 });
    }
  }
  window.addEventListener('error', function (e) { note('error: ' + (e.message || e.type)); });
  window.addEventListener('unhandledrejection', function (e) { note('unhandled rejection: ' + e.reason); });
  var original = console.error;
  console.error = function () {
    note('console.error: ' + Array.prototype.map.call(arguments, String).join(' '));
    return original.apply(console, arguments);
  };
})();
`;

export const RENDERER_SCRIPT = String.raw`
(function () {
  'use strict';
  var started = performance.now();
  var doc = JSON.parse(document.getElementById('promforge-data').textContent);
  var COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];
  var SHADE = { pending: 'rgba(245, 180, 0, 0.22)', firing: 'rgba(220, 40, 40, 0.22)', incident: 'rgba(40, 100, 230, 0.14)' };
  var SWATCH = { pending: '#f5b400', firing: '#dc2828', incident: '#2864e6' };
  var M = { left: 70, right: 16, top: 12, bottom: 30 };
  var VLINE = '#7a3db8';
  var charts = [];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function pad(n) { return n < 10 ? '0' + n : String(n); }
  function fmtNum(v) {
    if (v === null || v === undefined || !isFinite(v)) return '–';
    var a = Math.abs(v);
    if (a !== 0 && (a < 1e-4 || a >= 1e7)) return v.toExponential(3);
    return String(Number(v.toPrecision(5)));
  }
  function fmtTime(sec, full) {
    var d = new Date(doc.baseMs + sec * 1000);
    var date = d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate());
    var time = pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
    if (full) return date + ' ' + time + ':' + pad(d.getUTCSeconds()) + ' UTC';
    return { date: date, time: time };
  }
  // First index with xs[i] >= x.
  function lowerBound(xs, x) {
    var lo = 0, hi = xs.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (xs[mid] < x) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function niceStep(span, target) {
    var raw = span / Math.max(1, target);
    var p = Math.pow(10, Math.floor(Math.log(raw) / Math.LN10));
    var m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }
  var TIME_STEPS = [60, 300, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 28 * 86400];

  function Chart(spec, box) {
    this.spec = spec;
    this.box = box;
    this.isTime = spec.kind === 'time';
    this.xs = this.isTime ? null : spec.x;
    if (this.isTime) this.full = [spec.from, spec.to];
    else {
      // A curve's range takes in its marked values, plus a margin so the last step shows.
      var x0 = spec.x[0], x1 = spec.x[spec.x.length - 1];
      spec.vlines.forEach(function (v) { x0 = Math.min(x0, v.at); x1 = Math.max(x1, v.at); });
      var margin = (x1 - x0) * 0.04;
      this.full = [x0 - margin, x1 + margin];
    }
    if (!(this.full[1] > this.full[0])) this.full = [this.full[0] - 1, this.full[0] + 1];
    this.view = [this.full[0], this.full[1]];
    // The box's content width (clientWidth includes its 10px side paddings).
    this.width = Math.max(320, Math.floor((box.clientWidth || 1020) - 20));
    this.height = this.isTime ? 280 : 220;
    var wrap = el('div', 'plot');
    wrap.style.width = this.width + 'px';
    wrap.style.height = this.height + 'px';
    this.canvas = el('canvas');
    this.overlay = el('canvas', 'overlay');
    this.tip = el('div', 'tip');
    var ratio = window.devicePixelRatio || 1;
    [this.canvas, this.overlay].forEach(function (c) {
      c.width = Math.round(this.width * ratio);
      c.height = Math.round(this.height * ratio);
      c.style.width = this.width + 'px';
      c.style.height = this.height + 'px';
      c.getContext('2d').setTransform(ratio, 0, 0, ratio, 0, 0);
    }, this);
    wrap.appendChild(this.canvas);
    wrap.appendChild(this.overlay);
    wrap.appendChild(this.tip);
    box.appendChild(wrap);
    this.changedPixels = -1;
    this.listen();
    this.draw();
  }

  Chart.prototype.X = function (x) { return M.left + ((x - this.view[0]) / (this.view[1] - this.view[0])) * (this.width - M.left - M.right); };
  Chart.prototype.invX = function (px) { return this.view[0] + ((px - M.left) / (this.width - M.left - M.right)) * (this.view[1] - this.view[0]); };

  // Index range of xs covering the view, one point beyond on each side.
  Chart.prototype.range = function (xs) {
    var i0 = Math.max(0, lowerBound(xs, this.view[0]) - 1);
    var i1 = Math.min(xs.length - 1, lowerBound(xs, this.view[1]));
    return [i0, i1];
  };

  Chart.prototype.yExtent = function () {
    var lo = Infinity, hi = -Infinity, s = this.spec, self = this;
    function scan(xs, ys) {
      if (xs.length === 0) return;
      var r = self.range(xs);
      for (var i = r[0]; i <= r[1]; i++) { var v = ys[i]; if (v === null) continue; if (v < lo) lo = v; if (v > hi) hi = v; }
    }
    if (this.isTime) {
      s.lines.forEach(function (l) { scan(l.t, l.v); });
      s.envelopes.forEach(function (e) { scan(e.t, e.lo); scan(e.t, e.hi); });
    } else scan(s.x, s.y);
    s.hlines.forEach(function (h) { if (h.at < lo) lo = h.at; if (h.at > hi) hi = h.at; });
    if (!isFinite(lo)) { lo = 0; hi = 1; }
    if (hi === lo) { var d = Math.abs(hi) * 0.1 || 1; lo -= d; hi += d; }
    var padding = (hi - lo) * 0.06;
    return [lo - padding, hi + padding];
  };

  Chart.prototype.draw = function () {
    var ctx = this.canvas.getContext('2d'), s = this.spec, self = this;
    var W = this.width, H = this.height, plotW = W - M.left - M.right, plotH = H - M.top - M.bottom;
    var yr = this.yExtent();
    this.yr = yr;
    var Y = function (v) { return M.top + (1 - (v - yr[0]) / (yr[1] - yr[0])) * plotH; };
    var X = function (x) { return self.X(x); };
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, W, H);
    ctx.font = '11px system-ui, sans-serif';
    ctx.strokeStyle = '#e4e4e4';
    ctx.fillStyle = '#555';
    ctx.lineWidth = 1;
    // y grid
    var ys = niceStep(yr[1] - yr[0], plotH / 40);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (var y = Math.ceil(yr[0] / ys) * ys; y <= yr[1]; y += ys) {
      var py = Math.round(Y(y)) + 0.5;
      ctx.beginPath(); ctx.moveTo(M.left, py); ctx.lineTo(W - M.right, py); ctx.stroke();
      ctx.fillText(fmtNum(Math.abs(y) < ys * 1e-9 ? 0 : y), M.left - 6, py);
    }
    // x grid
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    var span = this.view[1] - this.view[0], xstep, x;
    if (this.isTime) {
      xstep = TIME_STEPS[TIME_STEPS.length - 1];
      for (var k = 0; k < TIME_STEPS.length; k++) if ((TIME_STEPS[k] / span) * plotW >= 90) { xstep = TIME_STEPS[k]; break; }
      var baseSec = doc.baseMs / 1000;
      var lastDate = '';
      for (x = Math.ceil((this.view[0] + baseSec) / xstep) * xstep - baseSec; x <= this.view[1]; x += xstep) {
        var px = Math.round(X(x)) + 0.5;
        ctx.beginPath(); ctx.moveTo(px, M.top); ctx.lineTo(px, H - M.bottom); ctx.stroke();
        var f = fmtTime(x, false);
        ctx.fillText(f.time, px, H - M.bottom + 4);
        if (f.date !== lastDate) { ctx.fillText(f.date, px, H - M.bottom + 16); lastDate = f.date; }
      }
    } else {
      xstep = niceStep(span, plotW / 90);
      for (x = Math.ceil(this.view[0] / xstep) * xstep; x <= this.view[1]; x += xstep) {
        var qx = Math.round(X(x)) + 0.5;
        ctx.beginPath(); ctx.moveTo(qx, M.top); ctx.lineTo(qx, H - M.bottom); ctx.stroke();
        ctx.fillText(fmtNum(Math.abs(x) < xstep * 1e-9 ? 0 : x), qx, H - M.bottom + 4);
      }
      ctx.fillText(s.xLabel + '  →', M.left + plotW / 2, H - M.bottom + 16);
    }
    ctx.strokeStyle = '#999';
    ctx.strokeRect(M.left + 0.5, M.top + 0.5, plotW, plotH);
    var before = this.changedPixels < 0 ? ctx.getImageData(0, 0, this.canvas.width, this.canvas.height).data : null;

    ctx.save();
    ctx.beginPath();
    ctx.rect(M.left, M.top, plotW, plotH);
    ctx.clip();
    if (this.isTime) {
      s.intervals.forEach(function (iv) {
        if (iv.to < self.view[0] || iv.from > self.view[1]) return;
        var a = X(iv.from), b = Math.max(X(iv.to), a + 1);
        ctx.fillStyle = SHADE[iv.kind];
        ctx.fillRect(a, M.top, b - a, plotH);
        ctx.fillStyle = SWATCH[iv.kind];
        ctx.fillRect(a, iv.kind === 'incident' ? M.top : H - M.bottom - 4, b - a, 4);
      });
      s.envelopes.forEach(function (e) {
        ctx.fillStyle = e.kind === 'band' ? 'rgba(40, 160, 90, 0.18)' : 'rgba(120, 120, 120, 0.22)';
        var r = self.range(e.t), run = [];
        function fillRun() {
          if (run.length === 0) return;
          ctx.beginPath();
          run.forEach(function (i, j) { if (j === 0) ctx.moveTo(X(e.t[i]), Y(e.hi[i])); else ctx.lineTo(X(e.t[i]), Y(e.hi[i])); });
          for (var j = run.length - 1; j >= 0; j--) ctx.lineTo(X(e.t[run[j]]), Y(e.lo[run[j]]));
          ctx.closePath();
          ctx.fill();
          run = [];
        }
        for (var i = r[0]; i <= r[1]; i++) {
          if (e.lo[i] === null || e.hi[i] === null) { fillRun(); continue; }
          run.push(i);
        }
        fillRun();
      });
      s.lines.forEach(function (l, i) { self.drawLine(ctx, l.t, l.v, COLORS[i % COLORS.length], null, Y); });
    } else {
      this.drawLine(ctx, s.x, s.y, COLORS[0], s.step, Y);
    }
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 1.5;
    s.hlines.forEach(function (h) {
      ctx.strokeStyle = '#c00';
      var py = Math.round(Y(h.at)) + 0.5;
      ctx.beginPath(); ctx.moveTo(M.left, py); ctx.lineTo(W - M.right, py); ctx.stroke();
      ctx.fillStyle = '#c00'; ctx.textAlign = 'right'; ctx.textBaseline = 'bottom';
      ctx.fillText(h.label, W - M.right - 4, py - 2);
    });
    // Labels near the right edge go on the left of their line.
    function labelAt(text, px, py) {
      var right = px > W - M.right - ctx.measureText(text).width - 12;
      ctx.textAlign = right ? 'right' : 'left';
      ctx.fillText(text, right ? px - 6 : px + 6, py);
    }
    (s.vlines || []).forEach(function (v) {
      ctx.strokeStyle = VLINE;
      var px = Math.round(X(v.at)) + 0.5;
      ctx.beginPath(); ctx.moveTo(px, M.top); ctx.lineTo(px, H - M.bottom); ctx.stroke();
      ctx.fillStyle = VLINE; ctx.textBaseline = 'top';
      labelAt(v.label, px, M.top + 4);
    });
    ctx.setLineDash([]);
    (s.markers || []).forEach(function (m) {
      var px = Math.round(X(m.t)) + 0.5;
      ctx.strokeStyle = m.kind === 'detected' ? '#2864e6' : '#888';
      ctx.lineWidth = 2;
      ctx.beginPath(); ctx.moveTo(px, M.top); ctx.lineTo(px, H - M.bottom); ctx.stroke();
      ctx.fillStyle = ctx.strokeStyle; ctx.textBaseline = 'top';
      ctx.beginPath(); ctx.moveTo(px - 5, M.top); ctx.lineTo(px + 5, M.top); ctx.lineTo(px, M.top + 8); ctx.closePath(); ctx.fill();
      labelAt(m.label, px, M.top + 14);
    });
    ctx.restore();
    ctx.lineWidth = 1;
    if (before) {
      var after = ctx.getImageData(0, 0, this.canvas.width, this.canvas.height).data, changed = 0;
      for (var p = 0; p < after.length; p += 4) {
        if (after[p] !== before[p] || after[p + 1] !== before[p + 1] || after[p + 2] !== before[p + 2]) changed++;
      }
      this.changedPixels = changed;
    }
  };

  // One path per series; per pixel column only first, min, max and last are drawn.
  Chart.prototype.drawLine = function (ctx, xs, ys, color, step, Y) {
    if (xs.length === 0) return;
    var r = this.range(xs), self = this;
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.25;
    ctx.beginPath();
    var col = NaN, first = 0, min = 0, max = 0, last = 0, pen = false, prevCol = NaN, prevLast = 0;
    function flush() {
      if (col !== col) return;
      if (!pen) { ctx.moveTo(col, first); pen = true; }
      else {
        if (step === 'after') ctx.lineTo(col, prevLast);
        else if (step === 'before') ctx.lineTo(prevCol, first);
        ctx.lineTo(col, first);
      }
      if (min !== first || max !== first) { ctx.lineTo(col, min); ctx.lineTo(col, max); }
      ctx.lineTo(col, last);
      prevCol = col; prevLast = last;
    }
    for (var i = r[0]; i <= r[1]; i++) {
      var v = ys[i];
      if (v === null) { flush(); col = NaN; pen = false; continue; }
      var px = Math.round(self.X(xs[i])), py = Y(v);
      if (px !== col) { flush(); col = px; first = min = max = last = py; }
      else { if (py < min) min = py; if (py > max) max = py; last = py; }
    }
    flush();
    // A step curve holds its last value beyond the last point (or its first before the first).
    if (step === 'after' && pen && r[1] === xs.length - 1) ctx.lineTo(this.width - M.right, prevLast);
    ctx.stroke();
    if (step === 'before' && r[0] === 0 && ys[0] !== null) {
      ctx.beginPath();
      ctx.moveTo(M.left, Y(ys[0]));
      ctx.lineTo(this.X(xs[0]), Y(ys[0]));
      ctx.stroke();
    }
  };

  Chart.prototype.nearest = function (xs, x) {
    if (xs.length === 0) return -1;
    var i = lowerBound(xs, x);
    if (i >= xs.length) return xs.length - 1;
    if (i > 0 && x - xs[i - 1] < xs[i] - x) return i - 1;
    return i;
  };

  Chart.prototype.hover = function (px, py) {
    var o = this.overlay.getContext('2d'), s = this.spec, self = this;
    o.clearRect(0, 0, this.width, this.height);
    if (px < M.left || px > this.width - M.right || py < M.top || py > this.height - M.bottom) { this.tip.style.display = 'none'; return; }
    var x = this.invX(px);
    o.strokeStyle = 'rgba(0,0,0,0.4)';
    o.beginPath(); o.moveTo(px + 0.5, M.top); o.lineTo(px + 0.5, this.height - M.bottom); o.stroke();
    var rows = [];
    if (this.isTime) {
      rows.push(fmtTime(x, true));
      s.lines.forEach(function (l, i) {
        var j = self.nearest(l.t, x);
        if (j >= 0) rows.push({ color: COLORS[i % COLORS.length], text: l.name + ': ' + fmtNum(l.v[j]) });
      });
      s.envelopes.forEach(function (e) {
        var j = self.nearest(e.t, x);
        if (j >= 0) rows.push({ color: '#999', text: e.name + ': ' + fmtNum(e.lo[j]) + ' … ' + fmtNum(e.hi[j]) });
      });
      var hits = s.intervals.filter(function (iv) { return iv.from <= x && x <= iv.to; });
      hits.slice(0, 6).forEach(function (iv) { rows.push({ color: SWATCH[iv.kind], text: iv.label + ' (' + fmtTime(iv.from, true) + ' → ' + fmtTime(iv.to, true) + ')' }); });
      if (hits.length > 6) rows.push('… ' + (hits.length - 6) + ' more intervals');
    } else {
      var j = this.nearest(s.x, x);
      if (s.step === 'after' && j > 0 && s.x[j] > x) j--;
      if (j >= 0) { rows.push(s.xLabel + ' ' + fmtNum(s.x[j])); rows.push({ color: COLORS[0], text: s.yLabel + ': ' + fmtNum(s.y[j]) }); }
    }
    this.tip.textContent = '';
    rows.forEach(function (r) {
      var line = el('div');
      if (typeof r === 'string') line.textContent = r;
      else { var sw = el('span', 'sw'); sw.style.background = r.color; line.appendChild(sw); line.appendChild(document.createTextNode(r.text)); }
      self.tip.appendChild(line);
    });
    this.tip.style.display = 'block';
    var left = px + 14;
    if (left + this.tip.offsetWidth > this.width) left = Math.max(0, px - 14 - this.tip.offsetWidth);
    this.tip.style.left = left + 'px';
    this.tip.style.top = M.top + 'px';
  };

  Chart.prototype.listen = function () {
    var self = this, dragFrom = null;
    function pos(e) { var b = self.overlay.getBoundingClientRect(); return [e.clientX - b.left, e.clientY - b.top]; }
    this.overlay.addEventListener('mousedown', function (e) { dragFrom = pos(e)[0]; e.preventDefault(); });
    this.overlay.addEventListener('mousemove', function (e) {
      var p = pos(e);
      self.hover(p[0], p[1]);
      if (dragFrom !== null) {
        var o = self.overlay.getContext('2d');
        o.fillStyle = 'rgba(40, 100, 230, 0.15)';
        o.fillRect(Math.min(dragFrom, p[0]), M.top, Math.abs(p[0] - dragFrom), self.height - M.top - M.bottom);
      }
    });
    this.overlay.addEventListener('mouseleave', function () { self.tip.style.display = 'none'; self.overlay.getContext('2d').clearRect(0, 0, self.width, self.height); dragFrom = null; });
    window.addEventListener('mouseup', function (e) {
      if (dragFrom === null) return;
      var to = pos(e)[0], a = Math.min(dragFrom, to), b = Math.max(dragFrom, to);
      dragFrom = null;
      if (b - a < 5) return;
      self.view = [self.invX(Math.max(a, M.left)), self.invX(Math.min(b, self.width - M.right))];
      self.draw();
    });
    this.overlay.addEventListener('dblclick', function () { self.view = [self.full[0], self.full[1]]; self.draw(); });
    this.overlay.addEventListener('wheel', function (e) {
      if (!e.ctrlKey && !e.shiftKey) return;
      e.preventDefault();
      var x = self.invX(pos(e)[0]), f = e.deltaY > 0 ? 1.25 : 0.8;
      var a = x - (x - self.view[0]) * f, b = x + (self.view[1] - x) * f;
      self.view = [Math.max(self.full[0], a), Math.min(self.full[1], b)];
      self.draw();
    }, { passive: false });
  };

  function legend(spec) {
    var box = el('div', 'legend');
    function item(color, text, dashed) {
      var it = el('span', 'item'), sw = el('span', dashed ? 'sw dashed' : 'sw');
      sw.style.background = dashed ? 'transparent' : color;
      sw.style.borderColor = color;
      it.appendChild(sw);
      it.appendChild(document.createTextNode(text));
      box.appendChild(it);
    }
    if (spec.kind === 'time') {
      spec.lines.forEach(function (l, i) { item(COLORS[i % COLORS.length], l.name); });
      spec.envelopes.forEach(function (e) { item(e.kind === 'band' ? 'rgba(40,160,90,0.4)' : 'rgba(120,120,120,0.4)', e.name); });
      ['pending', 'firing', 'incident'].forEach(function (k) {
        var n = spec.intervals.filter(function (iv) { return iv.kind === k; }).length;
        if (n > 0) item(SWATCH[k], k + ' (' + n + ')');
      });
    }
    spec.hlines.forEach(function (h) { item('#c00', h.label, true); });
    (spec.vlines || []).forEach(function (v) { item(VLINE, v.label, true); });
    return box;
  }

  function table(t) {
    var wrap = el('div', 'table');
    wrap.appendChild(el('h4', '', t.title));
    var tab = el('table'), head = el('tr');
    t.columns.forEach(function (c) { head.appendChild(el('th', '', c)); });
    tab.appendChild(head);
    t.rows.forEach(function (r) {
      var tr = el('tr');
      r.forEach(function (c) { tr.appendChild(el('td', '', c)); });
      tab.appendChild(tr);
    });
    wrap.appendChild(tab);
    return wrap;
  }

  var root = document.getElementById('promforge-root');
  root.appendChild(el('h1', '', doc.title));
  doc.summary.forEach(function (line) { root.appendChild(el('p', 'summary', line)); });
  root.appendChild(el('p', 'help', 'Drag across a chart to zoom, double-click to reset, Ctrl/Shift + wheel to zoom around the cursor; hover for values.'));
  var nav = el('ol', 'toc');
  root.appendChild(nav);
  doc.sections.forEach(function (sec, si) {
    var section = el('section');
    section.id = 'section-' + si;
    var a = el('a', '', sec.title);
    a.href = '#section-' + si;
    var li = el('li');
    li.appendChild(a);
    nav.appendChild(li);
    section.appendChild(el('h2', '', sec.title));
    sec.summary.forEach(function (line) { section.appendChild(el('p', 'summary', line)); });
    root.appendChild(section);
    sec.charts.forEach(function (spec) {
      var box = el('div', 'chart');
      box.id = spec.id;
      box.appendChild(el('h3', '', spec.title));
      if (spec.note) box.appendChild(el('p', 'note', spec.note));
      box.appendChild(legend(spec));
      section.appendChild(box);
      charts.push(new Chart(spec, box));
    });
    sec.tables.forEach(function (t) { section.appendChild(table(t)); });
  });
  doc.notes.forEach(function (n) { root.appendChild(el('p', 'note', n)); });

  var renderMs = performance.now() - started;

  // With #promforge-interaction-check, drive the first chart as a user would
  // (drag to zoom, hover, double-click to reset) and report what happened.
  var interaction = null;
  if (location.hash === '#promforge-interaction-check' && charts.length > 0) {
    var c0 = charts[0], b = c0.overlay.getBoundingClientRect();
    var fire = function (target, type, x) {
      target.dispatchEvent(new MouseEvent(type, { bubbles: true, clientX: b.left + x, clientY: b.top + 60 }));
    };
    var fullView = c0.view.slice();
    fire(c0.overlay, 'mousedown', 200);
    fire(c0.overlay, 'mousemove', 400);
    fire(window, 'mouseup', 400);
    var zoomed = c0.view.slice();
    fire(c0.overlay, 'mousemove', 300);
    var tip = c0.tip.style.display === 'block' ? c0.tip.textContent : '';
    fire(c0.overlay, 'dblclick', 300);
    interaction = { full: fullView, zoomed: zoomed, expectedZoom: [c0.invX(200), c0.invX(400)], tooltip: tip, reset: c0.view[0] === fullView[0] && c0.view[1] === fullView[1] };
  }
  window.__promforgeWriteCheck = function () {
    var out = document.getElementById('promforge-selfcheck');
    out.textContent = JSON.stringify({
      charts: charts.map(function (c) {
        var s = c.spec, count = function (k) { return s.kind === 'time' ? s.intervals.filter(function (iv) { return iv.kind === k; }).length : 0; };
        return {
          id: s.id, kind: s.kind, lines: s.kind === 'time' ? s.lines.length : 1,
          points: s.kind === 'time' ? s.lines.reduce(function (n, l) { return n + l.t.length; }, 0) : s.x.length,
          pending: count('pending'), firing: count('firing'), incidents: count('incident'),
          markers: (s.markers || []).length, changedPixels: c.changedPixels, width: c.width, height: c.height
        };
      }),
      errors: window.__promforgeErrors,
      renderMs: Math.round(renderMs),
      interaction: interaction,
      pageHeight: document.documentElement.scrollHeight
    });
  };
  window.__promforgeWriteCheck();
})();
`;
