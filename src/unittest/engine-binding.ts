// Binds the unit-test runner to promforge's own engine, rule-file loader and
// template executor.

import { readErrorDiagnostic } from '../diagnostics.js';
import { readInputBytesSync } from '../fs/read.js';
import { Storage, evaluateInstant, evaluateRange } from '../engine/index.js';
import { rangeSteps } from '../rules/range-steps.js';
import { labelsToRecord } from '../model/labels.js';
import { parseExpr } from '../promql/parse.js';
import { loadRuleText, decodeRuleBytes } from '../rulefmt/load.js';
import { createTemplateExpander } from '../rules/template-expander.js';
import type { RunnerDeps, TestEngine, InstantResult } from './runner.js';
import { histogramTestExpression } from '../model/histogram.js';
import { generatedDialect } from '../rulefmt/generated-header.js';

function toInstantResult(r: ReturnType<typeof evaluateInstant>): InstantResult {
  if ('error' in r) return { ok: false, error: r.error.message };
  const v = r.value;
  switch (v.type) {
    case 'vector':
      return { ok: true, scalar: false, samples: v.samples.map((s) => ({ labels: s.labels, value: s.f, ...(s.h ? { histogram: s.h } : {}) })) };
    case 'scalar':
      return { ok: true, scalar: true, samples: [{ labels: [], value: v.v }] };
    default:
      return { ok: false, error: 'rule result is not a vector or scalar' };
  }
}

/** `inMemoryRuleFiles`: absolute path → rule file text, served instead of the disk (see RunnerDeps). */
/** A file `promforge compile` wrote for Mimir or Thanos says so in its header; anything else is read as Prometheus does. */
function dialectOf(text: string): { dialect?: 'prometheus' | 'thanos' | 'mimir' } {
  const dialect = generatedDialect(text);
  return dialect ? { dialect } : {};
}

export function engineDeps(inMemoryRuleFiles?: ReadonlyMap<string, string>): RunnerDeps {
  return {
    ...(inMemoryRuleFiles ? { inMemoryRuleFiles } : {}),
    newEngine({ subqueryStepMs, prometheusVersion }): TestEngine {
      const storage = new Storage();
      const options = { defaultSubqueryStepMs: subqueryStepMs, prometheusVersion };
      return {
        append: (labels, t, v) => storage.append(labels, t, v),
        appendMany: (labels, ts, vs) => storage.appendMany(labels, ts, vs),
        appendHistogram: (labels, t, h) => storage.appendHistogram(labels, t, h),
        query: (expr, t) => toInstantResult(evaluateInstant(expr, t, storage, options)),
        queryRange: (expr, start, end, step) => rangeSteps(evaluateRange(expr, start, end, step, storage, options), start, end, step),
      };
    },
    expander({ externalLabels, externalURL, engine }) {
      return createTemplateExpander({
        externalLabels,
        externalURL,
        query: (q, timeMs) => {
          const parsedQuery = parseExpr(q);
          if (!parsedQuery.expr) return new Error(parsedQuery.diagnostics[0]?.message ?? 'invalid query');
          const res = engine.query(parsedQuery.expr, timeMs);
          return res.ok ? res.samples.map((s) => ({ labels: labelsToRecord(s.labels), value: s.value })) : new Error(res.error);
        },
      });
    },
    loadRuleFile(filePath, { ignoreUnknownFields, prometheusVersion }) {
      const inMemory = inMemoryRuleFiles?.get(filePath);
      if (inMemory !== undefined)
        return loadRuleText(inMemory, filePath, { ignoreUnknownFields, experimental: true, prometheusVersion, ...dialectOf(inMemory) });
      const read = readInputBytesSync(filePath);
      if (!read.ok) return { diagnostics: [readErrorDiagnostic(filePath, read.error)] };
      const text = decodeRuleBytes(filePath, read.value);
      if (!text.ok) return { diagnostics: [text.diagnostic] };
      // promtool test rules enables experimental PromQL.
      return loadRuleText(text.text, filePath, { ignoreUnknownFields, experimental: true, prometheusVersion, ...dialectOf(text.text) });
    },
    histogramString: histogramTestExpression,
  };
}
