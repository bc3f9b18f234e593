// Functions that work on series labels or order: label_replace, label_join,
// sort, sort_desc, sort_by_label, sort_by_label_desc.

import type { Call, Expr } from '../../promql/ast.js';
import { anchoredSource, compileRegex } from '../../regex/re2.js';
import { type Labels, METRIC_NAME_LABEL, compareLabels, getLabel, withLabel } from '../../model/labels.js';
import { EvalError, FLOAT, type StepSeries, type StepValue } from '../types.js';
import type { Evaluator } from '../evaluator.js';
import type { FunctionImpl } from './types.js';
import { insertionSort } from '../go-heap.js';
import { ANNOTATIONS } from '../annotations.js';

function stringArg(e: Expr, ev: Evaluator): string {
  const v = ev.eval(e);
  if (v.type !== 'string') throw new EvalError('expected a string argument', e.pos);
  return v.value;
}

/**
 * Label names Prometheus accepts (UTF-8 mode): any non-empty valid UTF-8
 * string. Our string unquoting turns bytes that are not valid UTF-8 (`"\xff"`)
 * into U+FFFD, so that character stands for an invalid byte here.
 */
function isValidLabelName(name: string): boolean {
  if (name.includes('\uFFFD')) return false;
  return name.length > 0 && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name);
}

/** Go's regexp.Expand template syntax: $1, ${1}, $name, ${name}, $$. */
export function expandTemplate(template: string, groups: readonly (string | null)[], names: Readonly<Record<string, number>>): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, dollar);
    i = dollar;
    if (template[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    let name: string | undefined;
    let next = i;
    if (template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      const inner = close < 0 ? '' : template.slice(i + 2, close);
      if (close >= 0 && /^\w+$/.test(inner)) {
        name = inner;
        next = close + 1;
      }
    } else {
      const m = /^\w+/.exec(template.slice(i + 1));
      if (m) {
        name = m[0];
        next = i + 1 + name.length;
      }
    }
    if (name === undefined) {
      out += '$';
      i++;
      continue;
    }
    i = next;
    let num = -1;
    if (/^\d+$/.test(name) && name.length <= 8) num = Number(name);
    if (num >= 0) {
      out += groups[num] ?? '';
    } else {
      const idx = names[name];
      if (idx !== undefined) out += groups[idx] ?? '';
    }
  }
  return out;
}

function relabel(series: StepSeries[], dst: string, labelsFor: (ls: Labels) => string | undefined): StepSeries[] {
  return series.map((s) => {
    const value = labelsFor(s.labels);
    if (value === undefined) return s;
    return { ...s, labels: withLabel(s.labels, dst, value), dropName: dst === METRIC_NAME_LABEL ? false : s.dropName };
  });
}

function labelReplace(call: Call, ev: Evaluator): StepValue {
  const [vecArg, dstArg, replArg, srcArg, regexArg] = call.args;
  const input = ev.evalVector(vecArg!);
  const dst = stringArg(dstArg!, ev);
  const repl = stringArg(replArg!, ev);
  const src = stringArg(srcArg!, ev);
  const regexText = stringArg(regexArg!, ev);
  // 2.x anchors as ^(?:re)$ (`.` stops at newlines), 3.x as ^(?s:re)$.
  const compiled = compileRegex(anchoredSource(regexText, { dotMatchesNewline: ev.ctx.semantics.regexDotMatchesNewline }));
  if (!compiled.ok) throw new EvalError(`invalid regular expression in label_replace(): ${regexText}`, regexArg!.pos);
  if (!isValidLabelName(dst)) throw new EvalError(`invalid destination label name in label_replace(): ${dst}`, dstArg!.pos);
  const re = compiled.re;
  const names = re.namedGroups();
  const groupCount = re.groupCount();
  return {
    type: 'vector',
    series: relabel(input, dst, (ls) => {
      const srcVal = getLabel(ls, src) ?? '';
      const m = re.matcher(srcVal);
      if (!m.matches()) return undefined;
      const groups: (string | null)[] = [];
      for (let g = 0; g <= groupCount; g++) groups.push(m.group(g));
      return expandTemplate(repl, groups, names);
    }),
  };
}

function labelJoin(call: Call, ev: Evaluator): StepValue {
  const [vecArg, dstArg, sepArg, ...srcArgs] = call.args;
  const input = ev.evalVector(vecArg!);
  const dst = stringArg(dstArg!, ev);
  const sep = stringArg(sepArg!, ev);
  const srcs = srcArgs.map((a) => stringArg(a, ev));
  if (!isValidLabelName(dst)) throw new EvalError(`invalid destination label name in label_join(): ${dst}`, dstArg!.pos);
  for (let k = 0; k < srcs.length; k++) {
    if (!isValidLabelName(srcs[k]!)) throw new EvalError(`invalid source label name in label_join(): ${srcs[k]}`, srcArgs[k]!.pos);
  }
  return { type: 'vector', series: relabel(input, dst, (ls) => srcs.map((n) => getLabel(ls, n) ?? '').join(sep)) };
}

/**
 * Orders the series by their value at the first step. Only instant queries
 * observe the order (range results are sorted by labels), so that is the
 * step that matters. Comparators mirror Prometheus's sort.Reverse(heap) use.
 */
function warnInRangeQuery(call: Call, ev: Evaluator): void {
  if (ev.ctx.queryStep > 0) ev.ctx.annotations.add(ANNOTATIONS.sortInRangeQuery(call.pos));
}

function sortByValue(descending: boolean): FunctionImpl {
  return (call, ev) => {
    warnInRangeQuery(call, ev);
    // Histogram samples are dropped, as Prometheus sorts floats only.
    const input = ev.evalVector(call.args[0]!).filter((s) => s.has[0] === FLOAT || ev.steps > 1);
    const value = (s: StepSeries): number => s.f[0]!;
    const arr = [...input];
    if (descending) insertionSort(arr, (a, b) => Number.isNaN(value(b)) || value(b) < value(a));
    else insertionSort(arr, (a, b) => Number.isNaN(value(b)) || value(b) > value(a));
    return { type: 'vector', series: arr };
  };
}

/** Natural order: digit runs compare as numbers, everything else byte-wise. */
export function naturalLess(a: string, b: string): boolean {
  const re = /(\d+|\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const tx = x.replace(/^0+/, '');
      const ty = y.replace(/^0+/, '');
      if (tx.length !== ty.length) return tx.length < ty.length;
      if (tx !== ty) return tx < ty;
      return x.length < y.length;
    }
    return x < y;
  }
  return pa.length < pb.length;
}

function sortByLabel(descending: boolean): FunctionImpl {
  return (call, ev) => {
    warnInRangeQuery(call, ev);
    const input = ev.evalVector(call.args[0]!);
    const names = call.args.slice(1).map((a) => stringArg(a, ev));
    const sign = descending ? -1 : 1;
    const arr = [...input].sort((a, b) => {
      for (const n of names) {
        const x = getLabel(a.labels, n) ?? '';
        const y = getLabel(b.labels, n) ?? '';
        if (x === y) continue;
        return naturalLess(x, y) ? -sign : sign;
      }
      return sign * compareLabels(a.labels, b.labels);
    });
    return { type: 'vector', series: arr };
  };
}

export const LABEL_FUNCTIONS: Record<string, FunctionImpl> = {
  label_replace: labelReplace,
  label_join: labelJoin,
  sort: sortByValue(false),
  sort_desc: sortByValue(true),
  sort_by_label: sortByLabel(false),
  sort_by_label_desc: sortByLabel(true),
};
