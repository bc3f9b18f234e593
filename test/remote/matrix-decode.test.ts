// The fast matrix decoder agrees with JSON.parse on every answer in the
// compact form servers write, and declines (undefined) everything else, so
// the client falls back to JSON.parse there.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMatrixResponse } from '../../src/remote/matrix-decode.js';
import { parseSampleValue } from '../../src/remote/sample-value.js';

/** What the JSON.parse path makes of an answer (fetch-samples.ts's slow path). */
function reference(text: string) {
  const body = JSON.parse(text) as { status: string; data: { result: { metric: Record<string, string>; values: [number, string][] }[] }; warnings?: string[] };
  return {
    status: body.status,
    warnings: body.warnings,
    result: body.data.result.map((s) => ({
      metric: s.metric,
      t: [...s.values.map((p) => Math.round(p[0] * 1000))],
      v: [...s.values.map((p) => parseSampleValue(p[1]))],
    })),
  };
}

function fast(text: string) {
  const d = decodeMatrixResponse(text);
  if (d === undefined) return undefined;
  return { status: d.status, warnings: d.warnings, result: d.data.result.map((s) => ({ metric: s.metric, t: [...s.t], v: [...s.v] })) };
}

// Go's encoding/json escapes <, > and & as \u003c...; both forms must decode.
const goString = (s: string): string => JSON.stringify(s).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,8}$/);
const labelValue = fc.string({ unit: fc.constantFrom('a', 'b', '"', '\\', '}', ',', ':', '{', '<', '&', '\n', 'é', '😀', ' ', ']', '['), maxLength: 8 });
const timestamp = fc.tuple(fc.integer({ min: -100_000, max: 2_000_000_000 }), fc.constantFrom('', '.5', '.25', '.125', '.001', '.999', '.1'));
const value = fc.oneof(
  fc.constantFrom('NaN', '+Inf', '-Inf', '0', '-0', '1e+300', '5e-324', '1.7976931348623157e+308'),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(x)),
  fc.integer().map(String),
);
const series = fc.record({
  metric: fc.dictionary(labelName, labelValue, { maxKeys: 4 }),
  values: fc.array(fc.tuple(timestamp, value), { maxLength: 20 }),
});
const answer = fc.record({
  result: fc.array(series, { maxLength: 6 }),
  warnings: fc.option(fc.array(fc.string({ maxLength: 10 }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
});

interface Answer {
  readonly result: readonly { readonly metric: Record<string, string>; readonly values: readonly [readonly [number, string], string][] }[];
  readonly warnings: readonly string[] | undefined;
}

/** The answer as Go's encoder writes it: no whitespace, metric before values. */
function compact(a: Answer): string {
  const result = a.result
    .map((s) => {
      const metric = `{${Object.entries(s.metric)
        .map(([k, v]) => `${goString(k)}:${goString(v)}`)
        .join(',')}}`;
      const values = `[${s.values.map(([[sec, frac], v]) => `[${sec}${frac},"${v}"]`).join(',')}]`;
      return `{"metric":${metric},"values":${values}}`;
    })
    .join(',');
  const warnings = a.warnings ? `,"warnings":${JSON.stringify(a.warnings)}` : '';
  return `{"status":"success","data":{"resultType":"matrix","result":[${result}]}${warnings}}`;
}

describe('decodeMatrixResponse', () => {
  it('agrees with JSON.parse on random compact answers', () => {
    fc.assert(
      fc.property(answer, (a) => {
        const text = compact(a);
        const got = fast(text);
        expect(got).toBeDefined();
        expect(got).toEqual(reference(text));
      }),
      { numRuns: 500, seed: 20261202 },
    );
  });

  it.each([
    ['whitespace (a pretty-printed answer)', '{\n  "status": "success",\n  "data": {"resultType": "matrix", "result": []}\n}'],
    ['another key order', '{"status":"success","data":{"resultType":"matrix","result":[{"values":[[1,"1"]],"metric":{}}]}}'],
    [
      'native histograms',
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"histograms":[[1,{"count":"1","sum":"1","buckets":[]}]]}]}}',
    ],
    [
      'floats and histograms',
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"]],"histograms":[[2,{"count":"1"}]]}]}}',
    ],
    ['a vector', '{"status":"success","data":{"resultType":"vector","result":[]}}'],
    ['sub-millisecond timestamps', '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1.0005,"1"]]}]}}'],
    ['an exponent timestamp', '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1e9,"1"]]}]}}'],
    ['a cut body', '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],[2,'],
  ])('declines %s', (_, text) => {
    expect(decodeMatrixResponse(text)).toBeUndefined();
  });

  it('decodes an empty result and keeps warnings and infos', () => {
    const d = decodeMatrixResponse('{"status":"success","data":{"resultType":"matrix","result":[]},"warnings":["w1"],"infos":["i1"]}');
    expect(d).toEqual({ status: 'success', data: { resultType: 'matrix', result: [] }, warnings: ['w1'], infos: ['i1'] });
  });
});
