// info(v, {data label selector}): adds the data labels of matching info
// series (target_info unless the selector names others) to each sample of v,
// joining on the identifying labels instance and job. Follows Prometheus's
// promql/info.go: the newest info sample wins per signature, conflicting
// data labels are an error, and a base sample without a matching info
// series is dropped when a data-label matcher rejects the empty string.

import type { Call, LabelMatcher } from '../../promql/ast.js';
import { allMatchers, unwrapParens, walk } from '../../promql/ast.js';
import { type Labels, METRIC_NAME_LABEL, getLabel, labelsKey, labelsToString, withLabel } from '../../model/labels.js';
import { isStaleNaN } from '../../model/stale.js';
import { EvalError, type StepSeries, type StepValue } from '../types.js';
import type { Evaluator } from '../evaluator.js';
import { SeriesCollector } from '../collect.js';
import { matcherTest } from '../storage.js';

const TARGET_INFO = 'target_info';
const IDENTIFYING_LABELS = ['instance', 'job'];

function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

interface InfoSeries {
  labels: Labels;
  name: string;
  /** Per step: timestamp of the sample seen (lookback), or NaN. */
  origT: Float64Array;
}

export function evalInfo(call: Call, ev: Evaluator): StepValue {
  const base = ev.evalVector(call.args[0]!);
  const dataMatchers = new Map<string, LabelMatcher[]>();
  let infoNameMatchers: LabelMatcher[] = [];
  const selectorArg = call.args[1] ? unwrapParens(call.args[1]) : undefined;
  if (selectorArg) {
    if (selectorArg.kind !== 'VectorSelector') throw new EvalError('info() expects a label selector as its second argument', selectorArg.pos);
    for (const m of allMatchers(selectorArg)) {
      dataMatchers.set(m.name, [...(dataMatchers.get(m.name) ?? []), m]);
      if (m.name === METRIC_NAME_LABEL) infoNameMatchers.push(m);
    }
  } else {
    infoNameMatchers = [{ name: METRIC_NAME_LABEL, op: '=', value: TARGET_INFO, pos: call.pos }];
  }
  const matchesAll = (ms: readonly LabelMatcher[], v: string): boolean => ms.every((m) => matcherTest(m, ev.ctx.semantics.regexDotMatchesNewline)(v));
  const ignored = new Set<string>();
  const positiveName = infoNameMatchers.some((m) => m.op === '=' || m.op === '=~');
  for (const s of base) {
    const name = getLabel(s.labels, METRIC_NAME_LABEL) ?? '';
    // Only a positive name matcher identifies the info metrics themselves; a
    // purely negative one (`__name__!="target_info"`) must not exempt base series.
    if (positiveName && matchesAll(infoNameMatchers, name)) ignored.add(labelsKey(s.labels));
  }

  // Values of the identifying labels among the series to enrich.
  const idValues = new Map<string, Set<string>>();
  for (const s of base) {
    if (ignored.has(labelsKey(s.labels))) continue;
    for (const l of IDENTIFYING_LABELS) {
      const v = getLabel(s.labels, l) ?? '';
      if (v === '') continue;
      let set = idValues.get(l);
      if (!set) idValues.set(l, (set = new Set()));
      set.add(v);
    }
  }
  let infoSeries: InfoSeries[] = [];
  if (idValues.size > 0) {
    const matchers: LabelMatcher[] = [];
    for (const [name, vals] of idValues) matchers.push({ name, op: '=~', value: [...vals].map(quoteMeta).join('|'), pos: call.pos });
    let hasName = false;
    for (const ms of dataMatchers.values()) {
      for (const m of ms) {
        if (m.name === METRIC_NAME_LABEL) hasName = true;
        matchers.push(m);
      }
    }
    if (!hasName) matchers.unshift({ name: METRIC_NAME_LABEL, op: '=', value: TARGET_INFO, pos: call.pos });
    // With only negative name matchers, candidates are still info metrics
    // (named *_info), not every other series that happens to match.
    else if (!positiveName) matchers.push({ name: METRIC_NAME_LABEL, op: '=~', value: '.+_info', pos: call.pos });
    infoSeries = fetchInfoSeries(call, ev, matchers);
  }
  dataMatchers.delete(METRIC_NAME_LABEL);
  return { type: 'vector', series: combine(call, ev, base, infoSeries, ignored, dataMatchers) };
}

/**
 * The time the base expression reads its data at, for an evaluation time:
 * the `@` and offsets of the first selector and of the subqueries around it.
 * Info series are looked up as of that time, so pinned or shifted base data
 * is enriched with the info labels current at the same moment.
 */
function referenceTime(call: Call, ev: Evaluator): (t: number) => number {
  let chain: { at: number | undefined; offset: number }[] | undefined;
  walk(call.args[0]!, (n, path) => {
    if (chain) return false;
    if (n.kind === 'VectorSelector') {
      chain = [];
      for (const p of path) {
        if (p.kind === 'SubqueryExpr') chain.push({ at: ev.atMs(p.at), offset: p.offset ? ev.durationMs(p.offset) : 0 });
      }
      chain.push({ at: ev.atMs(n.at), offset: n.offset ? ev.durationMs(n.offset) : 0 });
      return false;
    }
    return undefined;
  });
  const steps = chain ?? [];
  return (t) => steps.reduce((acc, m) => (m.at ?? acc) - m.offset, t);
}

function fetchInfoSeries(call: Call, ev: Evaluator, matchers: LabelMatcher[]): InfoSeries[] {
  const refOf = referenceTime(call, ev);
  const storage = ev.ctx.storage;
  const out: InfoSeries[] = [];
  for (const s of storage.select(matchers, ev.ctx.semantics.regexDotMatchesNewline)) {
    const origT = new Float64Array(ev.steps).fill(Number.NaN);
    let any = false;
    for (let i = 0; i < ev.steps; i++) {
      const t = refOf(ev.times[i]!);
      // Latest sample at or before t within the lookback.
      let j = -1;
      for (let k = 0; k < s.length && s.ts[k]! <= t; k++) j = k;
      if (j < 0) continue;
      const st = s.ts[j]!;
      if (st <= t - ev.ctx.lookbackMs - ev.ctx.semantics.rangeLowerSlackMs || isStaleNaN(s.vs[j]!)) continue;
      if (s.hists?.has(j)) throw new EvalError(`this should be an info metric, with float samples: ${labelsToString(s.labels)}`, call.pos);
      origT[i] = st;
      any = true;
    }
    if (any) out.push({ labels: s.labels, name: getLabel(s.labels, METRIC_NAME_LABEL) ?? '', origT });
  }
  return out;
}

function signature(name: string, ls: Labels): string {
  let key = `${name}\u0000`;
  for (const l of IDENTIFYING_LABELS) {
    const v = getLabel(ls, l);
    if (v !== undefined) key += `${l}=${v}\u0000`;
  }
  return key;
}

function combine(
  call: Call,
  ev: Evaluator,
  base: StepSeries[],
  infos: InfoSeries[],
  ignored: ReadonlySet<string>,
  dataMatchers: ReadonlyMap<string, LabelMatcher[]>,
): StepSeries[] {
  const infoNames = [...new Set(infos.map((s) => s.name))];
  const collector = new SeriesCollector(ev.steps, call.pos);
  const allAcceptEmpty = [...dataMatchers.values()].every((ms) => ms.every((m) => matcherTest(m, ev.ctx.semantics.regexDotMatchesNewline)('')));
  for (let i = 0; i < ev.steps; i++) {
    const bySig = new Map<string, InfoSeries>();
    for (const s of infos) {
      const t = s.origT[i]!;
      if (Number.isNaN(t)) continue;
      const sig = signature(s.name, s.labels);
      const existing = bySig.get(sig);
      if (!existing) bySig.set(sig, s);
      else {
        const et = existing.origT[i]!;
        if (et < t) bySig.set(sig, s);
        else if (et === t) {
          throw new EvalError(
            `found duplicate series for info metric: existing ${labelsToString(existing.labels)} @ ${et}, new ${labelsToString(s.labels)} @ ${t}`,
            call.pos,
          );
        }
      }
    }
    for (const b of base) {
      const kind = b.has[i];
      if (!kind) continue;
      const f = b.f[i]!;
      const h = kind === 2 ? b.h![i] : undefined;
      if (ignored.has(labelsKey(b.labels))) {
        collector.add(i, { labels: b.labels, f, h, dropName: b.dropName });
        continue;
      }
      const added = new Map<string, string>();
      let matched = 0;
      for (const name of infoNames) {
        const info = bySig.get(signature(name, b.labels));
        if (!info) continue;
        for (const l of info.labels) {
          if (l.name === METRIC_NAME_LABEL) continue;
          if (dataMatchers.size > 0 && !dataMatchers.has(l.name)) continue;
          const prev = added.get(l.name);
          if (prev !== undefined && prev !== '' && prev !== l.value) throw new EvalError(`conflicting label: ${l.name}`, call.pos);
          if (getLabel(b.labels, l.name) !== undefined) continue;
          added.set(l.name, l.value);
        }
        matched++;
      }
      if (matched === 0 && !allAcceptEmpty) continue;
      let labels = b.labels;
      for (const [n, v] of added) labels = withLabel(labels, n, v);
      collector.add(i, { labels, f, h, dropName: b.dropName });
    }
  }
  return collector.series;
}
