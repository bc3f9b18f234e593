import { describe, expect, it } from 'vitest';
import { isStaleNaN } from '../../src/model/stale.js';
import { labelsToRecord } from '../../src/model/labels.js';
import { parseTestScript, type EvalCommand, type LoadCommand } from '../../src/samples/test-script/script.js';

function ok(source: string) {
  const r = parseTestScript(source, 'x.test');
  expect(r.diagnostics).toEqual([]);
  return r.commands;
}

/** `line:col: message` of each diagnostic. */
function errors(source: string): string[] {
  return parseTestScript(source, 'x.test').diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
}

describe('commands', () => {
  it('parses the FORMAT.md first example', () => {
    const cmds = ok(`# Two counters.
load 1m
    http_requests_total{job="api"}  0+10x5
    http_requests_total{job="web"}  0 5 _ 15 stale 25

eval instant at 3m sum(http_requests_total)
    expect no_warn
    {} 45

eval range from 0 to 2m step 1m http_requests_total{job="web"}
    http_requests_total{job="web"} 0 5 5

clear
`);
    expect(cmds.map((c) => [c.kind, c.line])).toEqual([
      ['load', 2],
      ['eval', 6],
      ['eval', 10],
      ['clear', 13],
    ]);
    const load = cmds[0] as LoadCommand;
    expect(load.stepMs).toBe(60_000);
    expect(load.withNhcb).toBe(false);
    expect(load.series.map((s) => [s.line, labelsToRecord(s.labels), s.values.length])).toEqual([
      [3, { __name__: 'http_requests_total', job: 'api' }, 6],
      [4, { __name__: 'http_requests_total', job: 'web' }, 6],
    ]);
    const v = load.series[1]!.values[4]!;
    expect(v.kind === 'float' && isStaleNaN(v.value)).toBe(true);
    const instant = cmds[1] as EvalCommand;
    expect(instant.mode).toEqual({ kind: 'instant', atMs: 180_000 });
    expect(instant.query).toBe('sum(http_requests_total)');
    expect(instant.queryColumn).toBe(20);
    expect(instant.expect).toEqual({ warn: [], noWarn: true, info: [], noInfo: false, ordered: false, atLeastOneWarn: false, atLeastOneInfo: false });
    expect(instant.series).toEqual([{ line: 8, labels: [], values: [{ kind: 'float', value: 45 }] }]);
    const range = cmds[2] as EvalCommand;
    expect(range.mode).toEqual({ kind: 'range', startMs: 0, endMs: 120_000, stepMs: 60_000 });
    expect(range.query).toBe('http_requests_total{job="web"}');
  });

  it('treats the first word case-insensitively and clear arguments as ignored', () => {
    expect(ok('CLEAR everything\n')).toEqual([{ kind: 'clear', line: 1 }]);
    expect(errors('LOAD 1m\n  a 1\n')).toEqual(['1:1: invalid load command. (load[_with_nhcb] <step:duration>)']);
  });

  it('reads load_with_nhcb, compound durations and the later duplicate of a series', () => {
    const [load] = ok('load_with_nhcb 1h30m\n  a{x="1"} 1\n  b 2\n  a{x="1"} 3 4\n') as LoadCommand[];
    expect(load!.withNhcb).toBe(true);
    expect(load!.stepMs).toBe(5_400_000);
    expect(load!.series.map((s) => [s.line, s.values.length])).toEqual([
      [3, 1],
      [4, 2],
    ]);
  });

  it('reads @st lines into per-position start timestamp offsets', () => {
    const [load] = ok('load 1m\n  s{a="1"}@st _ -30s-1mx2 0 _x2 -1ms\n  s{a="1"} 1 2 3 4 5 6 7 8\n') as LoadCommand[];
    expect(load!.series[0]!.startTimestampOffsets).toEqual([undefined, -30_000, -90_000, -150_000, 0, undefined, undefined, -1]);
  });

  it('reads every expectation form', () => {
    const cmds = ok(`eval instant at 1m foo
  expect fail msg: something bad happened
  expect warn regex: ^PromQL warning: .*\\(1:1\\)$
  expect warn
  expect info msg:exact
  expect ordered

eval_ordered instant at 0 foo
  expect no_warn
  expect no_info
  foo{a="1"} 1
  foo{a="2"} 2
  foo{a="1"} 3

eval instant at 0 1+1
  2
eval instant at 0 "a"
  expect string " a\\tb "

eval instant at 1m foo[1m]
  expect range vector from 10s to 1m step 10s
  foo 1 2 3 _ 5
`) as EvalCommand[];
    expect(cmds).toHaveLength(5);
    expect(cmds[0]!.expect).toEqual({
      fail: { line: 2, matcher: { kind: 'exact', text: 'something bad happened' } },
      warn: [
        { line: 3, matcher: { kind: 'regex', pattern: '^PromQL warning: .*\\(1:1\\)$' } },
        { line: 4, matcher: { kind: 'any' } },
      ],
      noWarn: false,
      info: [{ line: 5, matcher: { kind: 'exact', text: 'exact' } }],
      noInfo: false,
      ordered: true,
      atLeastOneWarn: false,
      atLeastOneInfo: false,
    });
    expect(cmds[1]!.header).toBe('eval_ordered');
    expect(cmds[1]!.expect.ordered).toBe(true);
    expect(cmds[1]!.series.map((s) => [s.line, labelsToRecord(s.labels).a])).toEqual([
      [12, '2'],
      [13, '1'],
    ]);
    // A scalar line ends the block, so the next eval may follow directly.
    expect(cmds[2]!.scalar).toEqual({ line: 16, value: 2 });
    expect(cmds[3]!.line).toBe(17);
    expect(cmds[3]!.string).toEqual({ line: 18, value: ' a\tb ' });
  });

  it('lets a range vector directive allow several values in an instant eval', () => {
    const cmds = ok('eval instant at 1m foo[1m]\n  expect range vector from 10s to 1m step 10s\n  foo 1 2 3 _ 5\n') as EvalCommand[];
    expect(cmds[0]!.rangeVector).toEqual({ line: 2, startMs: 10_000, endMs: 60_000, stepMs: 10_000 });
    expect(cmds[0]!.series[0]!.values).toHaveLength(5);
  });

  it('reads Go numbers on scalar lines: hex, octal, Inf, NaN', () => {
    const values = ['0x1F', '010', '-Inf', '+inf', 'NaN', '1e-6', '.2'].map((n) => {
      const [c] = ok(`eval instant at 0 x\n  ${n}\n`) as EvalCommand[];
      return c!.scalar!.value;
    });
    expect(values).toEqual([31, 8, -Infinity, Infinity, NaN, 1e-6, 0.2]);
  });

  it('maps deprecated headers', () => {
    const cmds = ok(
      'eval_fail instant at 0 x\n  expected_fail_message  boom \neval_warn range from 0 to 1m step 30s y\n\neval_info instant at 0 z\n',
    ) as EvalCommand[];
    expect(cmds[0]!.expect.fail).toEqual({ line: 2, matcher: { kind: 'exact', text: 'boom' } });
    expect(cmds[1]!.line).toBe(3);
    expect(cmds[1]!.expect.atLeastOneWarn).toBe(true);
    expect(cmds[2]!.expect.atLeastOneInfo).toBe(true);
    const [plain] = ok('eval_fail instant at 0 x\n') as EvalCommand[];
    expect(plain!.expect.fail).toEqual({ line: 1, matcher: { kind: 'any' } });
  });

  it('splits range headers greedily like upstream', () => {
    const [c] = ok('eval range from 0 to 10m step 1m foo\n') as EvalCommand[];
    expect(c!.mode).toEqual({ kind: 'range', startMs: 0, endMs: 600_000, stepMs: 60_000 });
  });
});

describe('diagnostics', () => {
  it.each([
    ['foo\n', ['1:1: invalid command "foo"']],
    ['load 1x\n  a 1\n', ['1:6: invalid step definition "1x": unknown unit "x" in duration "1x"']],
    ['load 5m\n  a{b="c" 1\n', ['2:11: error parsing series "a{b=\\"c\\" 1": unexpected character inside braces: \'1\'']],
    [
      'load 5m\n  a 1 2\neval instant at 1m a\n',
      ['3:6: error parsing series "eval instant at 1m a": unexpected identifier "instant" in series values, expected number or "stale"'],
    ],
    ['  eval instant at 1m\n', [expect.stringMatching(/^1:3: invalid evaluation command/)]],
    ['eval instant at 1q foo\n', ['1:17: invalid timestamp definition "1q": unknown unit "q" in duration "1q"']],
    ['eval range from 5m to 1m step 1m foo\n', ['1:23: invalid test definition, end timestamp (1m) is before start timestamp (5m)']],
    ['eval_ordered range from 0 to 1m step 1m foo\n', [expect.stringMatching(/^1:1: invalid evaluation command/)]],
    [
      'eval instant at 1m foo\n  foo 1 2\n',
      [
        "2:6: expecting multiple values in instant evaluation not allowed. consider using 'expect range vector' directive to enable a range vector result for an instant query",
      ],
    ],
    ['eval instant at 1m foo\n  foo\n', ['2:3: expected series line has no value; an instant evaluation needs exactly one']],
    ['eval instant at 1m foo\n  expect fail\n  expect fail\n', ['3:3: invalid expect lines, multiple expect fail lines are not allowed']],
    ['eval instant at 1m foo\n  expect warn\n  expect no_warn\n', ['3:3: invalid expect lines, warn and no_warn cannot be used together']],
    ['eval instant at 1m foo\n  expect no_info\n  expect info msg: x\n', ['3:3: invalid expect lines, info and no_info cannot be used together']],
    [
      'eval instant at 1m foo\n  expect warning\n',
      [
        '2:3: invalid expect statement, must match `expect <type> <match_type>: <string>` format (unknown type "warning", expected one of fail, warn, info, no_warn, no_info, ordered)',
      ],
    ],
    ['eval instant at 1m foo\n  expect warn text: x\n', ['2:14: invalid expect statement, must match `expect <type> <match_type>: <string>` format']],
    ['eval instant at 1m foo\n  expect warn regex: (\n', [expect.stringMatching(/^2:14: invalid regex \( for warn: /)]],
    [
      'eval instant at 1m foo\n  expect\tfail\n',
      ['2:10: error parsing series "expect\\tfail": unexpected identifier "fail" in series values, expected number or "stale"'],
    ],
    ['eval instant at 1m foo\n  expect string\n', ['2:3: expected string literal not valid - a quoted string literal is required']],
    ['eval instant at 1m foo\n  expect string foo\n', ['2:17: expected string literal not valid - check that the string is correctly quoted']],
    ['eval instant at 1m foo\n  expect string "foo\n', ['2:17: expected string literal not valid - check that the string is correctly quoted']],
    ['eval instant at 1m foo\n  expect string  "foo"\n', ['2:17: expected string literal not valid - check that the string is correctly quoted']],
    ["eval instant at 1m foo\n  expect string 'ab'\n", ['2:17: expected string literal not valid - check that the string is correctly quoted']],
    ['eval instant at 1m foo\n  expect range vector 1m to 2m step 1m\n', ['2:3: invalid range vector definition "expect range vector 1m to 2m step 1m"']],
    [
      'eval instant at 1m foo\n  expect range vector from 2m to 1m step 1m\n',
      ['2:34: invalid test definition, end timestamp (1m) is before start timestamp (2m)'],
    ],
    ['eval instant at 1m foo\n  expect range vector from 0 to 1m step 1x\n', ['2:41: invalid step definition "1x": unknown unit "x" in duration "1x"']],
    ['load 1m\n  a@st _ 1s\n  a 1\n', ['2:3: @st line has 2 values but sample line has 1']],
    ['load 1m\n  a@st 1s\n  b 1\n', ['2:3: @st metric does not match the following sample line metric: a vs b on line 3']],
    ['load 1m\n  a@st 1s\n', ['2:3: @st line has no following sample line']],
    ['load 1m\n  a@st 1s\n  b@st 1s\n  b 1\n', ['2:3: @st line has no following sample line']],
    ['load 1m\n  a@st 1m30s\n  a 1\n', ['2:8: invalid @st sequence: invalid ST item "1m30s": unexpected character "3" after duration']],
    ['load 1m\n  a@st _x0\n  a\n', ['2:8: invalid @st sequence: invalid ST item "_x0": invalid repeat count']],
    ['load 1m\n  a@st 1s+1s\n  a 1\n', ['2:8: invalid @st sequence: invalid ST item "1s+1s": expected \'x<count>\' after step duration']],
    ['load 1m\n  a{@st 1s\n  a 1\n', ['2:5: invalid @st line metric "a{": unexpected end of input inside braces']],
  ])('reports %j', (source, expected) => {
    expect(errors(source)).toEqual(expected);
  });

  it('accepts a bare 0 but no other unitless number in @st lines', () => {
    expect(errors('load 1m\n  a@st 0 -0ms\n  a 1 2\n')).toEqual([]);
    expect(errors('load 1m\n  a@st 5\n  a 1\n')).toEqual([
      '2:8: invalid @st sequence: invalid ST item "5": invalid duration "5": not a valid duration string: "5"',
    ]);
  });

  it('reads * repeats and a label-less default @st line', () => {
    const [load] = ok('load 1m\n  @st -1m _\n  a{x="1"}@st -5s * *x1 _\n  a{x="1"} 1 2 3 4 5\n  b 1 2 3\n') as LoadCommand[];
    expect(load!.series.map((s) => s.startTimestampOffsets)).toEqual([
      [-5000, -5000, -5000, -5000, undefined],
      [-60000, undefined, -60000],
    ]);
  });

  it('keeps going after an error and reports later ones too', () => {
    expect(errors('bogus\n\nload 1m\n  a 1\n\nbogus2\n')).toEqual(['1:1: invalid command "bogus"', '6:1: invalid command "bogus2"']);
  });

  it('ends a block at a comment line, so following body lines become commands', () => {
    expect(errors('eval instant at 1m foo\n  # empty\n  foo 1\n')).toEqual(['3:3: invalid command "foo 1"']);
  });

  it('drops commands that have errors but keeps the others', () => {
    const r = parseTestScript('load 1m\n  a 1\n\neval instant at 1m a\n  a 1 2\n\nclear\n');
    expect(r.commands.map((c) => c.kind)).toEqual(['load', 'clear']);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ file: '<input>', line: 5, column: 4, endLine: 5, endColumn: 8, severity: 'error', source: 'promqltest' });
  });
});
