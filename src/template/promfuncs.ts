// Prometheus's template functions (template/template.go NewTemplateExpander
// and prometheus/common helpers/templates), with their Go behaviour: %.4g
// formatting in the humanizers, strconv errors for unparsable strings,
// regexp (RE2, via re2js) semantics for match/reReplaceAll, net.SplitHostPort
// for stripPort/stripDomain, model.ParseDuration for parseDuration.

import { isIP } from 'node:net';
import type { RE2JS } from 're2js';
import { compileRegex } from '../regex/re2.js';
import { queryEscape } from './builtins.js';
import { FuncError, type FunctionContext, type TemplateFunction } from './function-types.js';
import { goSprintf } from './gofmt.js';
import { goQuote, parseGoFloat, canBackquote } from '../go/strconv.js';
import { GoDuration, GoMap, GoSlice, GoStruct, GoTime, goTypeName, intValue, kindOf } from './values.js';

const QUERY_RESULT_TYPE = 'template.queryResult';
const SAMPLE_TYPE = '*template.sample';

/** A `query` result row as the template sees it: *template.sample. */
export function makeSample(labels: Readonly<Record<string, string>>, value: number): GoStruct {
  return new GoStruct(SAMPLE_TYPE, { Labels: GoMap.ofStrings(labels), Value: value }, true);
}

function g4(v: number, suffix = ''): string {
  return goSprintf('%.4g', [v]) + suffix;
}

/** prometheus/common ConvertToFloat */
function convertToFloat(i: unknown): number | FuncError {
  switch (kindOf(i)) {
    case 'float':
      return i as number;
    case 'string': {
      const s = i as string;
      const v = parseGoFloat(s);
      return v.ok ? v.value : new FuncError(v.error);
    }
    case 'int':
      return Number(intValue(i));
    case 'duration':
      return Number((i as GoDuration).nanos) / 1e9;
    default:
      return new FuncError(`can't convert ${goTypeName(i)} to float`);
  }
}

function withFloat(i: unknown, f: (v: number) => unknown): unknown {
  const v = convertToFloat(i);
  return v instanceof FuncError ? v : f(v);
}

const SI_UP = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
const SI_DOWN = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];
const IEC_UP = ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi'];

function scaleDown(v: number, base: number, prefixes: readonly string[]): [number, string] {
  let prefix = '';
  for (const p of prefixes) {
    if (Math.abs(v) < base) break;
    prefix = p;
    v /= base;
  }
  return [v, prefix];
}

function scaleUp(v: number): [number, string] {
  let prefix = '';
  for (const p of SI_DOWN) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return [v, prefix];
}

function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return g4(v);
  const [x, p] = Math.abs(v) >= 1 ? scaleDown(v, 1000, SI_UP) : scaleUp(v);
  return g4(x, p);
}

function humanize1024(v: number): string {
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return g4(v);
  const [x, p] = scaleDown(v, 1024, IEC_UP);
  return g4(x, p);
}

function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return g4(v);
  if (v === 0) return g4(v, 's');
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    const abs = Math.abs(v);
    const duration = Math.trunc(abs);
    const seconds = duration % 60;
    const minutes = Math.trunc(duration / 60) % 60;
    const hours = Math.trunc(duration / 3600) % 24;
    const days = Math.trunc(duration / 86400);
    if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`;
    return sign + g4(abs, 's');
  }
  const [x, p] = scaleUp(v);
  return g4(x, p + 's');
}

const NAN_OR_INF = 'value is NaN or Inf';

/** model.TimeFromUnixNano(int64(v*1e9)).Time(): millisecond precision, truncated toward zero. */
function floatToTime(v: number): GoTime | FuncError {
  if (!Number.isFinite(v)) return new FuncError(NAN_OR_INF);
  const ns = v * 1e9;
  if (ns > 2 ** 63 || ns < -(2 ** 63)) {
    return new FuncError(`${goSprintf('%v', [v])} cannot be represented as a nanoseconds timestamp since it overflows int64`);
  }
  const ms = BigInt(Math.trunc(ns)) / 1_000_000n;
  return new GoTime(ms * 1_000_000n);
}

/** net.SplitHostPort */
function splitHostPort(hostport: string): { host: string; port: string } | undefined {
  const i = hostport.lastIndexOf(':');
  if (i < 0) return undefined;
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) return undefined;
    if (end + 1 === hostport.length) return undefined;
    if (end + 1 !== i) return undefined;
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return undefined;
  }
  if (hostport.slice(j).includes('[') || hostport.slice(k).includes(']')) return undefined;
  return { host, port: hostport.slice(i + 1) };
}

function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function stripDomain(hostPort: string): string {
  const split = splitHostPort(hostPort);
  const host = split ? split.host : hostPort;
  const port = split ? split.port : '';
  if (isIP(host) !== 0) return hostPort;
  const short = host.split('.')[0]!;
  return port !== '' ? joinHostPort(short, port) : short;
}

/** regexp.MustCompile panics with this text; the template reports it. */
function compileRegexp(pattern: string, must: boolean): RE2JS | FuncError {
  const compiled = compileRegex(pattern);
  if (compiled.ok) return compiled.re;
  {
    const msg = compiled.error;
    if (!must) return new FuncError(msg);
    const quoted = canBackquote(pattern) ? '`' + pattern + '`' : goQuote(pattern);
    return new FuncError(`regexp: Compile(${quoted}): ${msg}`);
  }
}

/** Regexp.Expand's template syntax: $1, ${1}, $name, ${name}, $$. */
function expandReplacement(re: RE2JS, repl: string, groups: (string | null)[]): string {
  const names = re.namedGroups() as Record<string, number>;
  let out = '';
  let t = repl;
  for (;;) {
    const d = t.indexOf('$');
    if (d < 0) break;
    out += t.slice(0, d);
    t = t.slice(d + 1);
    if (t.startsWith('$')) {
      out += '$';
      t = t.slice(1);
      continue;
    }
    const m = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(t);
    if (!m) {
      out += '$';
      continue;
    }
    const name = m[1] ?? m[2]!;
    t = t.slice(m[0].length);
    let num = /^[0-9]+$/.test(name) && !(name[0] === '0' && name.length > 1) && name.length <= 8 ? parseInt(name, 10) : -1;
    if (num < 0 && names[name] !== undefined) num = names[name]!;
    if (num >= 0 && num < groups.length) out += groups[num] ?? '';
  }
  return out + t;
}

/** Regexp.ReplaceAllString, including Go's rule for empty matches after a match. */
function replaceAll(re: RE2JS, src: string, repl: string): string {
  const m = re.matcher(src);
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= src.length) {
    if (!m.find(searchPos)) break;
    const start = m.start();
    const end = m.end();
    out += src.slice(lastMatchEnd, start);
    if (end > lastMatchEnd || start === 0) {
      const groups: (string | null)[] = [];
      for (let g = 0; g <= m.groupCount(); g++) groups.push(m.group(g));
      out += expandReplacement(re, repl, groups);
    }
    lastMatchEnd = end;
    const cp = src.codePointAt(searchPos);
    const width = cp === undefined ? 0 : cp > 0xffff ? 2 : 1;
    if (searchPos + width > end) searchPos += width;
    else if (searchPos + 1 > end) searchPos++;
    else searchPos = end;
    if (width === 0 && searchPos > src.length) break;
  }
  return out + src.slice(lastMatchEnd);
}

/** cases.Title(language.AmericanEnglish, cases.NoLower): upper-case each word's first letter. */
function title(s: string): string {
  let out = '';
  let inWord = false;
  for (const ch of s) {
    const isWordChar = /[\p{L}\p{M}\p{Nd}_'’]/u.test(ch);
    out += !inWord && /\p{L}/u.test(ch) ? ch.toUpperCase() : ch;
    inWord = isWordChar;
  }
  return out;
}

/**
 * Go's strings.ToUpper/ToLower map rune by rune (simple case mapping); JS's
 * full mapping would turn "ß" into "SS". A mapping to several runes keeps the rune.
 */
function mapRunes(s: string, f: (c: string) => string): string {
  let out = '';
  for (const ch of s) {
    const m = f(ch);
    out += [...m].length === 1 ? m : ch;
  }
  return out;
}

const DURATION_RE = /^(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?$/;
const DURATION_UNITS_MS = [365 * 86400_000, 7 * 86400_000, 86400_000, 3600_000, 60_000, 1000, 1];

/** model.ParseDuration, in seconds. */
function parseDuration(s: string): number | FuncError {
  if (s === '') return new FuncError('empty duration string');
  if (s === '0') return 0;
  const m = DURATION_RE.exec(s);
  if (!m) return new FuncError(`not a valid duration string: ${goQuote(s)}`);
  let ms = 0n;
  DURATION_UNITS_MS.forEach((unit, i) => {
    const v = m[i + 1];
    if (v !== undefined) ms += BigInt(v) * BigInt(unit);
  });
  if (ms * 1_000_000n > 9223372036854775807n) return new FuncError('duration out of range');
  return Number(ms) / 1000;
}

function asSample(v: unknown): GoStruct | FuncError {
  if (v === null || v === undefined) return new FuncError('runtime error: invalid memory address or nil pointer dereference');
  return v as GoStruct;
}

function sampleLabels(s: GoStruct): GoMap {
  return s.fields['Labels'] as GoMap;
}

function urlPath(url: string): string {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*([^?#]*)/.exec(url);
  return m ? m[1]! : (url.split(/[?#]/)[0] ?? '');
}

function runQuery(expr: string, ctx: FunctionContext): unknown {
  if (!ctx.query) return new FuncError('no query function is configured');
  const result = ctx.query(expr);
  if (result instanceof Error) return new FuncError(result.message);
  return new GoSlice(
    result.map((s) => makeSample(s.labels, s.value)),
    QUERY_RESULT_TYPE,
  );
}

/** Prometheus's function map, in template.go's order. */
export const PROMETHEUS_FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  query: { params: ['string'], call: ([q], ctx) => runQuery(q as string, ctx) },
  first: {
    params: ['queryResult'],
    call: ([v]) => {
      const items = v instanceof GoSlice ? v.items : [];
      return items.length > 0 ? items[0] : new FuncError('first() called on vector with no elements');
    },
  },
  label: {
    params: ['string', 'sample'],
    call: ([label, s]) => {
      const sample = asSample(s);
      if (sample instanceof FuncError) return sample;
      return sampleLabels(sample).entries.get(label as string) ?? '';
    },
  },
  value: {
    params: ['sample'],
    call: ([s]) => {
      const sample = asSample(s);
      return sample instanceof FuncError ? sample : sample.fields['Value'];
    },
  },
  strvalue: {
    params: ['sample'],
    call: ([s]) => {
      const sample = asSample(s);
      return sample instanceof FuncError ? sample : (sampleLabels(sample).entries.get('__value__') ?? '');
    },
  },
  args: {
    params: [],
    variadic: 'interface',
    call: (args) => new GoMap(new Map(args.map((a, i) => [`arg${i}`, a])), 'interface {}'),
  },
  reReplaceAll: {
    params: ['string', 'string', 'string'],
    call: ([pattern, repl, text]) => {
      const re = compileRegexp(pattern as string, true);
      return re instanceof FuncError ? re : replaceAll(re, text as string, repl as string);
    },
  },
  safeHtml: { params: ['string'], call: ([text]) => text },
  match: {
    params: ['string', 'string'],
    call: ([pattern, text]) => {
      const re = compileRegexp(pattern as string, false);
      return re instanceof FuncError ? re : re.matcher(text as string).find();
    },
  },
  title: { params: ['string'], call: ([s]) => title(s as string) },
  toUpper: { params: ['string'], call: ([s]) => mapRunes(s as string, (c) => c.toUpperCase()) },
  toLower: { params: ['string'], call: ([s]) => mapRunes(s as string, (c) => (c === '\u0130' ? 'i' : c.toLowerCase())) },
  graphLink: { params: ['string'], call: ([expr]) => `/graph?g0.expr=${queryEscape(expr as string)}&g0.tab=0` },
  tableLink: { params: ['string'], call: ([expr]) => `/graph?g0.expr=${queryEscape(expr as string)}&g0.tab=1` },
  // Go's url.QueryEscape (Prometheus 3.8+, src/version/differences.ts).
  urlQueryEscape: { params: ['string'], call: ([s]) => queryEscape(s as string) },
  sortByLabel: {
    params: ['string', 'queryResult'],
    call: ([label, v]) => {
      if (!(v instanceof GoSlice)) return v;
      const key = (s: unknown): string => (s instanceof GoStruct ? ((sampleLabels(s).entries.get(label as string) as string | undefined) ?? '') : '');
      const sorted = [...v.items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      return new GoSlice(sorted, v.typeName);
    },
  },
  stripPort: { params: ['string'], call: ([hp]) => splitHostPort(hp as string)?.host ?? hp },
  stripDomain: { params: ['string'], call: ([hp]) => stripDomain(hp as string) },
  humanize: { params: ['interface'], call: ([i]) => withFloat(i, humanize) },
  humanize1024: { params: ['interface'], call: ([i]) => withFloat(i, humanize1024) },
  humanizeDuration: { params: ['interface'], call: ([i]) => withFloat(i, humanizeDuration) },
  humanizePercentage: { params: ['interface'], call: ([i]) => withFloat(i, (v) => g4(v * 100, '%')) },
  humanizeTimestamp: {
    params: ['interface'],
    call: ([i]) =>
      withFloat(i, (v) => {
        const t = floatToTime(v);
        if (t instanceof FuncError) return t.message === NAN_OR_INF ? g4(v) : t;
        return t.toString();
      }),
  },
  toTime: { params: ['interface'], call: ([i]) => withFloat(i, floatToTime) },
  toDuration: {
    params: ['interface'],
    call: ([i]) =>
      withFloat(i, (v) => {
        if (!Number.isFinite(v)) return new FuncError(NAN_OR_INF);
        const ns = v * 1e9;
        if (Math.abs(ns) > 2 ** 63) return new FuncError(`${goSprintf('%v', [v])} cannot be represented as a nanoseconds duration since it overflows int64`);
        return new GoDuration(BigInt(Math.round(ns)));
      }),
  },
  now: { params: [], call: (_args, ctx) => ctx.now },
  pathPrefix: { params: [], call: (_args, ctx) => urlPath(ctx.externalURL) },
  externalURL: { params: [], call: (_args, ctx) => ctx.externalURL },
  parseDuration: { params: ['string'], call: ([d]) => parseDuration(d as string) },
  tmpl: {
    params: ['string', 'interface'],
    consoleOnly: true,
    call: ([name, data], ctx) => ctx.executeNamed(name as string, data),
  },
};
