// Acceptance: the reports of the shipped leak scenario, opened in headless
// Chromium with no network, draw every expected chart without errors; a
// screenshot of each is kept under test-artifacts/report-html/.
//
// The scenario's data is generated in memory (generateFixture reproduces the
// shipped fixtures/leak/*.om.gz byte for byte, see test/thresholds/
// leak-scenario.test.ts), which is much faster than loading 330 MB of text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateFixture, leakScenario } from '../../src/fixtures/generate.js';
import { labelsFromRecord } from '../../src/model/labels.js';
import type { RecordedSeries } from '../../src/samples/types.js';
import { loadRuleText } from '../../src/rulefmt/load.js';
import { evalGroupsFromRuleFile } from '../../src/rules/from-rulefmt.js';
import { runDryrun } from '../../src/dryrun/run.js';
import { createTemplateExpander } from '../../src/rules/template-expander.js';
import { evaluateSignal } from '../../src/thresholds/signal.js';
import { fitGroup } from '../../src/thresholds/fit.js';
import { evaluateIncidents } from '../../src/thresholds/incidents.js';
import { dryrunReportDoc, renderReportPage, thresholdsReportDoc } from '../../src/report-html/index.js';
import type { ReportDoc } from '../../src/report-html/index.js';
import { CHROMIUM, chromiumAvailable, dumpSelfCheck, screenshot } from './chromium.js';
import type { SelfCheck } from './chromium.js';

const ROOT = path.resolve(__dirname, '../..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'report-html');
const BROWSER_TIMEOUT_MS = 25_000;
const MAX_REPORT_BYTES = 2 * 1024 * 1024;

if (!chromiumAvailable) console.warn(`report-html: ${CHROMIUM} not found; browser tests skipped (apt-get install chromium, or set PROMFORGE_CHROMIUM)`);

interface Opened {
  readonly html: string;
  readonly check: SelfCheck;
  readonly png: string;
}

describe.skipIf(!chromiumAvailable)('HTML reports in headless Chromium', () => {
  let dir = '';
  let dryrunDoc: ReportDoc;
  let thresholdsDoc: ReportDoc;
  // Taken from the shipped events and rules: which job leaks goroutines, its rule's and group's index.
  let alertRules = 0;
  let leakingAlert = -1;
  let groupCount = 0;
  let leakingGroup = -1;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'promforge-report-html-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    const scenario = leakScenario();
    const leak = generateFixture(scenario.leak);
    const series: RecordedSeries[] = leak.families
      .filter((f) => f.name === 'go_goroutines' || f.name === 'process_start_time_seconds')
      .flatMap((f) => f.series.map((s) => ({ labels: labelsFromRecord({ __name__: s.metric, ...s.labels }), timestamps: leak.timesMs, values: s.values })));

    // Dry run of the shipped rules (fitted on the healthy week) over the leak week.
    const rules = loadRuleText(readFileSync(path.join(ROOT, 'fixtures/leak/leak-alerts.rules.yml'), 'utf8'), 'leak-alerts.rules.yml');
    const groups = evalGroupsFromRuleFile(rules.file!);
    const events = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/leak/events.json'), 'utf8')) as {
      leak: { end: string; leaks: { service: string; kind: string; from: string }[] };
    };
    const leakingJob = events.leak.leaks.find((l) => l.kind === 'goroutines')!.service;
    const alerting = groups.flatMap((g) => g.rules.filter((r) => r.kind === 'alerting'));
    alertRules = alerting.length;
    leakingAlert = alerting.findIndex((r) => r.labels.some(([k, v]) => k === 'job' && v === leakingJob));
    const report = runDryrun({ groups, series, recordValues: true, expander: () => createTemplateExpander({ externalLabels: [], externalURL: '' }) });
    if ('error' in report) throw new Error(report.error);
    dryrunDoc = dryrunReportDoc(report);

    // Thresholds fitted on the leak week itself with a budget of 1/week, scored against the shipped leak events.
    const signal = evaluateSignal({ signal: 'deriv(go_goroutines[30m])', series, stepMs: 60_000, by: ['job'], exclude: [], restartMaskMs: 30 * 60_000 });
    if ('error' in signal) throw new Error(signal.error);
    const options = { method: 'slope' as const, direction: 'upper' as const, forMs: 10 * 60_000, stepMs: 60_000, budgetPerWeek: 1 };
    const results = signal.groups.map((g) => fitGroup(g, options));
    groupCount = signal.groups.length;
    leakingGroup = signal.groups.findIndex((g) => g.group.some((l) => l.name === 'job' && l.value === leakingJob));
    const incidentList = events.leak.leaks
      .filter((l) => l.kind === 'goroutines')
      .map((l) => ({ name: `${l.service} goroutine leak`, startMs: Date.parse(l.from), endMs: Date.parse(events.leak.end), labels: { job: l.service } }));
    const incidents = evaluateIncidents(incidentList, signal.groups, results, options.forMs, 'upper');
    const run = {
      signal: 'deriv(go_goroutines[30m])',
      by: ['job'],
      options,
      startMs: signal.times[0]!,
      endMs: signal.times[signal.times.length - 1]!,
      results,
      incidents,
    };
    thresholdsDoc = thresholdsReportDoc({ runs: [run], groups: signal.groups });
  }, 60_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, doc: ReportDoc, hash = ''): Promise<Opened> {
    const html = renderReportPage(doc);
    const file = path.join(dir, `${name}.html`);
    writeFileSync(file, html);
    const dumped = await dumpSelfCheck(file, BROWSER_TIMEOUT_MS, hash);
    expect(dumped.run.timedOut, 'chromium --dump-dom timed out').toBe(false);
    expect(dumped.check, `the page wrote no self-check; chromium said:\n${dumped.run.stderr.slice(-2000)}`).toBeDefined();
    const png = path.join(ARTIFACTS, `${name}.png`);
    // A tall window shows the first sections; the whole page can be far longer.
    const shot = await screenshot(file, png, Math.min(dumped.check!.pageHeight, 6000), BROWSER_TIMEOUT_MS);
    expect(shot.timedOut, 'chromium --screenshot timed out').toBe(false);
    writeFileSync(path.join(ARTIFACTS, `${name}.html`), html);
    return { html, check: dumped.check!, png };
  }

  function expectPng(file: string): void {
    const bytes = readFileSync(file);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(statSync(file).size).toBeGreaterThan(10_000);
  }

  it('dry-run report: a drawn chart per alert rule, the leak firing on the leaking job only, no errors, under 2 MB', async () => {
    const { html, check, png } = await open('dryrun-leak', dryrunDoc);
    expect(Buffer.byteLength(html)).toBeLessThan(MAX_REPORT_BYTES);
    expect(check.errors).toEqual([]);
    // One rule per job (20), chart ids in file order.
    expect([alertRules, leakingAlert >= 0]).toEqual([20, true]);
    const expected = Array.from({ length: alertRules }, (_, i) => `alert-${i}`);
    expect(check.charts.map((c) => c.id).sort()).toEqual([...expected].sort());
    for (const c of check.charts) {
      expect(c.lines, c.id).toBe(1);
      expect(c.changedPixels, `${c.id} drew nothing`).toBeGreaterThan(1000);
    }
    const firing = check.charts.filter((c) => c.firing > 0).map((c) => c.id);
    expect(firing).toEqual([`alert-${leakingAlert}`]);
    // The firing alert comes first in the page.
    expect(check.charts[0]!.id).toBe(`alert-${leakingAlert}`);
    expectPng(png);
  }, 60_000);

  it('thresholds report: signal and budget curve per job, the leak incident marked, no errors, under 2 MB', async () => {
    const { html, check, png } = await open('thresholds-leak', thresholdsDoc);
    expect(Buffer.byteLength(html)).toBeLessThan(MAX_REPORT_BYTES);
    expect(check.errors).toEqual([]);
    expect([groupCount, leakingGroup >= 0]).toEqual([20, true]);
    const expected = Array.from({ length: groupCount }, (_, i) => [`group-${i}-signal`, `group-${i}-budget-0`]).flat();
    expect(check.charts.map((c) => c.id).sort()).toEqual([...expected].sort());
    for (const c of check.charts) expect(c.changedPixels, `${c.id} drew nothing`).toBeGreaterThan(1000);
    const withIncident = check.charts.filter((c) => c.incidents > 0).map((c) => [c.id, c.incidents, c.markers]);
    expect(withIncident).toEqual([[`group-${leakingGroup}-signal`, 1, 1]]);
    expectPng(png);
  }, 60_000);

  it('draws 100k points per chart fast, zooms by dragging, shows values on hover, resets on double-click', async () => {
    const n = 100_000;
    const t = Array.from({ length: n }, (_, i) => i * 60);
    const wave = (phase: number) => t.map((x, i) => Math.round(1000 * Math.sin(i / 500 + phase) + (i % 97)) / 10);
    const doc: ReportDoc = {
      title: '100k points',
      summary: [],
      baseMs: Date.UTC(2026, 0, 1),
      notes: [],
      sections: [
        {
          title: 'dense',
          summary: [],
          tables: [],
          charts: [0, 1, 2].map((k) => ({
            kind: 'time' as const,
            id: `dense-${k}`,
            title: `${n} points`,
            from: 0,
            to: t[n - 1]!,
            lines: [{ name: 'wave', t, v: wave(k) }],
            envelopes: [],
            hlines: [{ at: 50, label: 'threshold' }],
            intervals: [{ kind: 'firing' as const, from: 600_000, to: 700_000, label: 'firing' }],
            markers: [],
          })),
        },
      ],
    };
    const { check } = await open('dense-100k', doc, '#promforge-interaction-check');
    expect(check.errors).toEqual([]);
    expect(check.charts.map((c) => [c.id, c.points])).toEqual([
      ['dense-0', n],
      ['dense-1', n],
      ['dense-2', n],
    ]);
    for (const c of check.charts) expect(c.changedPixels).toBeGreaterThan(1000);
    // Three charts of 100k points each, including pixel checks, well under a second.
    expect(check.renderMs).toBeLessThan(1000);
    // Dragging from x=200 to x=400 px zooms to exactly the times under those pixels.
    const i = check.interaction!;
    expect(i.full).toEqual([0, t[n - 1]]);
    expect(i.zoomed).toEqual(i.expectedZoom);
    expect(i.zoomed[0]).toBeGreaterThan(0);
    expect(i.zoomed[1]).toBeLessThan(t[n - 1]!);
    // Hovering shows the time and the nearest value of the line.
    expect(i.tooltip).toMatch(/^2026-\d\d-\d\d \d\d:\d\d:\d\d UTCwave: -?\d+(\.\d+)?$/);
    expect(i.reset).toBe(true);
  }, 60_000);
});
