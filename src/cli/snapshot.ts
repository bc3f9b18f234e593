// Entry of the V8 startup snapshot (scripts/bundle.mjs builds it with
// `node --build-snapshot`; bin/promforge starts Node from it when it matches
// the Node it would run). Starting a Node process costs ~70 ms here, and
// loading and compiling the CLI's modules as much again: pre-commit pays both
// on every commit. A snapshot taken after the modules are loaded, and after a
// few commands ran once on a throw-away file (so the lazily imported command
// modules are evaluated and their hot functions compiled), starts with all of
// it in the heap.
//
// What the snapshot must not capture is the run: argv, environment, working
// directory, terminal and streams are read inside the main function, at run
// time (nodeIo()), and nothing of the warm-up run is kept but module state
// that depends only on the files bundled.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { captureIo } from './io.js';
import { nodeIo, runCli } from './program.js';

/**
 * The bundle's `import.meta.url` (esbuild defines it to this global in the
 * snapshot build): the URL of dist/bundle/main.js of the package the blob is
 * started from, set before anything runs, so files the CLI reads next to its
 * code (package.json, schemas, workers) are found where the package is now.
 */
declare global {
  var __promforgeModuleUrl: string;
}

function setPackageRoot(root: string): void {
  globalThis.__promforgeModuleUrl = pathToFileURL(path.join(root, 'dist', 'bundle', 'main.js')).href;
}

const WARM_UP_RULES = `groups:
  - name: warm-up
    rules:
      - record: job:requests:rate5m
        expr: sum by (job) (rate(requests_total{code=~"5.."}[5m])) / on (job) group_left sum by (job) (rate(requests_total[5m]))
      - alert: HighErrors
        expr: job:requests:rate5m > 0.05 and absent(up{job="x"}) == 0
        for: 10m
        labels:
          severity: page
        annotations:
          summary: "{{ $labels.job }}: {{ $value | humanizePercentage }}"
`;

const WARM_UP_TEST = `rule_files: [rules.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'requests_total{job="a", code="500"}'
        values: '0+10x20'
      - series: 'requests_total{job="a", code="200"}'
        values: '0+100x20'
    alert_rule_test:
      - eval_time: 15m
        alertname: HighErrors
        exp_alerts: []
`;

/** Runs the commands pre-commit and CI run most, once, on throw-away files. */
async function warmUp(root: string): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'promforge-snapshot-'));
  try {
    writeFileSync(path.join(dir, 'rules.yml'), WARM_UP_RULES);
    writeFileSync(path.join(dir, 'rules.test.yml'), WARM_UP_TEST);
    setPackageRoot(root);
    for (const args of [['check', 'rules.yml'], ['lint', 'rules.yml'], ['fmt', 'rules.yml'], ['test', 'rules.test.yml'], ['--help']]) {
      await runCli(args, captureIo({ cwd: dir }));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

v8.startupSnapshot.setDeserializeMainFunction(() => {
  // bin/promforge passes the package root first, then the user's arguments.
  const [root = '', ...args] = process.argv.slice(1);
  setPackageRoot(root);
  void runCli(args, nodeIo()).then((code) => {
    process.exitCode = code;
  });
});

// Built as CommonJS (a snapshot entry cannot be an ES module, nor await at
// its top level; the snapshot is taken once the event loop is empty):
// __dirname is dist/snapshot/ of the package being built.
void warmUp(path.resolve(__dirname, '..', '..'));
