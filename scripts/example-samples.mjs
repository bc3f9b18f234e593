// Writes examples/samples/recorded.om.gz, the day of recorded samples the
// README's dryrun, thresholds and query examples read. Deterministic (a fixed
// LCG, no clock), so rerunning it reproduces the committed file byte for byte.
// The day holds what the example rules are about: instance b of api is down
// for 20 minutes (and restarts), api serves a burst of 5xx in the afternoon,
// and the worker leaks goroutines from 06:00 on.
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const START = Date.UTC(2026, 0, 5) / 1000; // 2026-01-05T00:00:00Z
const STEP = 60;
const STEPS = 24 * 60;
const minute = (h, m) => h * 60 + m;

let seed = 20260105;
function noise() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648 - 0.5;
}

const targets = [
  { job: 'api', instance: 'a:8080' },
  { job: 'api', instance: 'b:8080' },
  { job: 'worker', instance: 'c:9090' },
];
const bDown = (k) => k >= minute(10, 0) && k < minute(10, 20);
const labelText = (labels) =>
  `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]}"`)
    .join(',')}}`;

const families = [
  { name: 'up', type: 'gauge', help: 'Whether the target was scraped.', series: [] },
  { name: 'process_start_time_seconds', type: 'gauge', help: 'Start time of the process since unix epoch in seconds.', series: [] },
  { name: 'go_goroutines', type: 'gauge', help: 'Number of goroutines that currently exist.', series: [] },
  { name: 'http_requests', type: 'counter', help: 'Total number of HTTP requests.', series: [] },
];
const [up, start, goroutines, requests] = families;

for (const t of targets) {
  const isB = t.instance === 'b:8080';
  const upValues = [],
    startValues = [],
    gValues = [];
  for (let k = 0; k < STEPS; k++) {
    const down = isB && bDown(k);
    upValues.push(down ? 0 : 1);
    // b comes back as a new process after its outage.
    startValues.push(isB && k >= minute(10, 20) ? START + minute(10, 20) * STEP : START - 86400);
    const leak = t.job === 'worker' && k >= minute(6, 0) ? (k - minute(6, 0)) * 0.5 : 0;
    gValues.push(down ? null : Math.round(120 + 8 * noise() + leak));
  }
  up.series.push({ labels: t, values: upValues });
  start.series.push({ labels: t, values: startValues });
  goroutines.series.push({ labels: t, values: gValues });
  if (t.job !== 'api') continue;
  for (const code of ['200', '500']) {
    const values = [];
    let total = 0;
    for (let k = 0; k < STEPS; k++) {
      const daily = 1 + 0.5 * Math.sin(((k - minute(6, 0)) / STEPS) * 2 * Math.PI);
      const burst = k >= minute(14, 0) && k < minute(14, 30);
      const perSecond = code === '200' ? 40 * daily : burst ? 6 : 0.05;
      total += Math.max(0, Math.round(perSecond * STEP * (1 + 0.1 * noise())));
      values.push(isB && bDown(k) ? null : total);
    }
    requests.series.push({ labels: { ...t, code }, values });
  }
}

let text = '';
for (const f of families) {
  text += `# TYPE ${f.name} ${f.type}\n# HELP ${f.name} ${f.help}\n`;
  const metric = f.type === 'counter' ? `${f.name}_total` : f.name;
  for (const s of f.series) {
    for (let k = 0; k < STEPS; k++) {
      if (s.values[k] !== null) text += `${metric}${labelText(s.labels)} ${s.values[k]} ${START + k * STEP}\n`;
    }
  }
}
text += '# EOF\n';
// mtime 0 in the gzip header keeps the output reproducible.
writeFileSync(new URL('../examples/samples/recorded.om.gz', import.meta.url), gzipSync(text, { level: 9 }));
