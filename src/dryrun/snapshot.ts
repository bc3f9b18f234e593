// Writes the snapshot unit test: plan it, run it once with empty
// expectations to observe exactly what the rules produce at each check, then
// write it with those expectations (atomically), and run it again to prove it passes.

import { unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { labelsToRecord } from '../model/labels.js';
import { runUnitTestFile } from '../unittest/runner.js';
import { engineDeps } from '../unittest/engine-binding.js';
import { writeFileAtomic } from '../fs/atomic.js';
import type { DryrunReport } from './run.js';
import { planUnitTest, type EmitOptions } from './emit-test.js';

export async function writeSnapshotTest(
  report: DryrunReport,
  options: EmitOptions,
  testFile: string,
): Promise<{ checks: number; passed: boolean; failures: string[] }> {
  const plan = planUnitTest(report, options);
  const tmp = path.join(path.dirname(testFile), `.${path.basename(testFile)}.probe-${process.pid}.yml`);
  const observed = new Map<string, { labels: Record<string, string>; annotations: Record<string, string> }[]>();
  const deps = engineDeps();
  try {
    await writeFile(tmp, plan.yaml(new Map()));
    runUnitTestFile(tmp, deps, {
      onAlertCheck: (c) =>
        observed.set(
          `${c.evalTimeMs}\u0000${c.alertname}`,
          c.firing.map((a) => ({ labels: labelsToRecord(a.labels), annotations: labelsToRecord(a.annotations) })),
        ),
    });
    const final = plan.yaml(observed);
    await writeFile(tmp, final);
    const verify = runUnitTestFile(tmp, deps);
    const failures = [...verify.diagnostics.map((d) => d.message), ...verify.groups.flatMap((g) => g.failures)];
    await writeFileAtomic(testFile, final);
    return { checks: plan.checks.length, passed: verify.passed && verify.diagnostics.length === 0, failures };
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}
