// Invalid expressions: each row asserts the first diagnostic's message and
// exact [start, end). Rows marked "(parse_test.go)" are Prometheus's own
// cases with Prometheus's message and position (byte offsets equal our
// UTF-16 offsets for ASCII input). The others follow the same rules
// (parse.go checkAST, generated_parser.y actions, lex.go messages).
//
// Deliberate differences from Prometheus (lezer's error recovery does not
// tell us which yacc error rule Prometheus would have reduced):
//   - Prometheus keeps going and may report several errors; we assert the
//     first one only. Where Prometheus adds a second one (`foo[5m1h]` also
//     gets "duration must be greater than 0" at 4..8, `sum(` also gets "no
//     arguments for aggregate expression provided" at 0..0, `foo[5s/0d]`
//     also "duration must be greater than 0" at 0..0) we report just the
//     first.
//   - The context phrase of an `unexpected ...` message (`in label
//     matching, expected string`, `in grouping opts, expected label`, `in
//     offset, ...`) is rebuilt from the tokens before the unexpected one. It
//     agrees with Prometheus for every row below; for unusual inputs it may
//     name a different context or none.
//   - An error about a number literal with a folded sign (`-1 offset 5m`)
//     spans the sign; Prometheus's span starts after it.
//   - Positions are UTF-16 offsets; Prometheus's are byte offsets (they
//     differ after non-ASCII characters, see parse.test.ts).

import { describe, it, expect } from 'vitest';
import { parseExpr } from '../../src/promql/parse.js';
import type { ValueType } from '../../src/promql/ast.js';
import { FUNCTION_SIGNATURES, arity, argTypeAt } from '../../src/promql/functions.js';
import type { FunctionSignature } from '../../src/promql/functions.js';
import { documentedType } from '../../src/promql/typecheck.js';
import { DEFAULT_VERSION, functionUnavailability } from '../../src/version/index.js';

interface InvalidRow {
  readonly input: string;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly experimental?: boolean;
}

const row = (input: string, message: string, start: number, end: number, experimental?: boolean): InvalidRow =>
  experimental === undefined ? { input, message, start, end } : { input, message, start, end, experimental };

/** Ends at the end of the input, as Prometheus's lexical errors do. */
const toEnd = (input: string, message: string, start: number): InvalidRow => row(input, message, start, input.length);

// ---------------------------------------------------------------------------
// Hand-written rows.

const SYNTAX: InvalidRow[] = [
  // (parse_test.go)
  row('', 'no expression found in input', 0, 0),
  row('# just a comment\n\n', 'no expression found in input', 0, 0),
  row('1+', 'unexpected end of input', 2, 2),
  toEnd('.', "unexpected character: '.'", 0),
  toEnd('2.5.', 'bad number or duration syntax: "2.5."', 0),
  toEnd('100..4', 'bad number or duration syntax: "100.."', 0),
  toEnd('0deadbeef', 'bad number or duration syntax: "0de"', 0),
  row('1 /', 'unexpected end of input', 3, 3),
  row('*1', 'unexpected <op:*>', 0, 1),
  row('(1))', "unexpected right parenthesis ')'", 4, 4),
  row('((1)', 'unclosed left parenthesis', 4, 4),
  row('(', 'unclosed left parenthesis', 1, 1),
  toEnd('1 !~ 1', "unexpected character after '!': '~'", 2),
  toEnd('1 =~ 1', "unexpected character after '=': '~'", 2),
  row('*test', 'unexpected <op:*>', 0, 1),
  row('@@', 'unexpected <op:@>', 0, 1),
  row('a - on(b) ignoring(c) d', 'unexpected <ignoring>', 10, 18),
  row('foo + group_left(baz) bar', 'unexpected <group_left>', 6, 16),
  toEnd('{', 'unexpected end of input inside braces', 1),
  toEnd('}', "unexpected character: '}'", 0),
  toEnd('some{', 'unexpected end of input inside braces', 5),
  toEnd('some}', "unexpected character: '}'", 4),
  row('some_metric{a=b}', 'unexpected identifier "b" in label matching, expected string', 14, 15),
  toEnd('some_metric{a:b="b"}', "unexpected character inside braces: ':'", 13),
  toEnd('foo{a*"b"}', "unexpected character inside braces: '*'", 5),
  toEnd('foo{a>="b"}', "unexpected character inside braces: '>'", 5),
  row('foo{gibberish}', 'unexpected "}" in label matching, expected label matching operator', 13, 14),
  toEnd('foo{1}', "unexpected character inside braces: '1'", 4),
  row('foo{__name__= =}', 'unexpected "=" in label matching, expected string', 14, 15),
  row('foo{,}', 'unexpected "," in label matching, expected identifier or "}"', 4, 5),
  row('foo{__name__ == "bar"}', 'unexpected "=" in label matching, expected string', 14, 15),
  row('foo{__name__="bar" lol}', 'unexpected identifier "lol" in label matching, expected "," or "}"', 19, 22),
  row('foo{"a"=}', 'unexpected "}" in label matching, expected string', 8, 9),
  toEnd('foo[5mm]', 'bad number or duration syntax: "5mm"', 4),
  toEnd('foo[5m1]', 'bad number or duration syntax: "5m1"', 4),
  toEnd('foo[5m:1m1]', 'bad number or duration syntax: "1m1"', 7),
  row('foo[5y1hs]', 'unknown unit "hs" in duration "5y1hs"', 4, 9),
  row('foo[5m1h]', 'not a valid duration string: "5m1h"', 4, 8),
  row('foo[5m1m]', 'not a valid duration string: "5m1m"', 4, 8),
  toEnd('foo["5m"]', "unexpected character in duration expression: '\"'", 4),
  row('foo[]', 'unexpected "]" in subquery or range selector, expected number, duration, step(), or range()', 4, 5),
  toEnd('some_metric[5m] OFFSET 1mm', 'bad number or duration syntax: "1mm"', 23),
  row('some_metric[5m] OFFSET', 'unexpected end of input in offset, expected number, duration, step(), or range()', 22, 22),
  row('some_metric[5m] @', 'unexpected end of input in @, expected timestamp', 17, 17),
  toEnd('sum by ("foo)(some_metric{})', 'unterminated quoted string', 8),
  row('sum without(==)(some_metric)', 'unexpected <op:==> in grouping opts, expected label', 12, 14),
  row('sum without(,)(some_metric)', 'unexpected "," in grouping opts, expected label', 12, 13),
  row('sum without(foo,,)(some_metric)', 'unexpected "," in grouping opts, expected label', 16, 17),
  row('sum some_metric by (test)', 'unexpected identifier "some_metric"', 4, 15),
  row('sum (some_metric) by test', 'unexpected identifier "test" in grouping opts, expected "("', 21, 25),
  row('MIN keep_common (some_metric)', 'unexpected identifier "keep_common"', 4, 15),
  row('MIN (some_metric) keep_common', 'unexpected identifier "keep_common"', 18, 29),
  row('sum (some_metric) without (test) by (test)', 'unexpected <by>', 33, 35),
  row('sum without (test) (some_metric) by (test)', 'unexpected <by>', 33, 35),
  row('topk(some_metric,)', 'trailing commas not allowed in function call args', 16, 17),
  row('non_existent_function_far_bar()', 'unknown function with name "non_existent_function_far_bar"', 0, 29),
  row('-=', 'unexpected "="', 1, 2),
  row('++-++-+-+-<', 'unexpected <op:<>', 10, 11),
  row('e-+=/(0)', 'unexpected "="', 3, 4),
  row('a>b()', 'unknown function with name "b"', 2, 3),
  toEnd('`\\``', 'unterminated raw string', 3),
  toEnd('"\\', 'escape sequence not terminated', 0),
  toEnd('"\\c"', "unknown escape sequence U+0063 'c'", 0),
  toEnd('"\\x."', "illegal character U+002E '.' in escape sequence", 0),
  toEnd('foo{bar="baz"}[', 'unexpected end of input in duration expression', 15),
  row('foo[step]', 'unexpected "]" in subquery or range selector, expected number, duration, step(), or range()', 8, 9),
  row('sum(', 'unclosed left parenthesis', 4, 4),
  row('sum(rate(', 'unclosed left parenthesis', 9, 9),
  toEnd('foo[5s x 5s]', "unexpected character: 'x', expected ':'", 7),
  toEnd('foo[5s s 5s]', "unexpected character: 's', expected ':'", 7),
  // Same rules, further cases.
  row('foo bar', 'unexpected identifier "bar"', 4, 7),
  row('1 2', 'unexpected number "2"', 2, 3),
  row('foo "bar"', 'unexpected string "\\"bar\\""', 4, 9),
  row('sum(foo) by', 'unexpected end of input in grouping opts, expected "("', 11, 11),
  row('foo offset', 'unexpected end of input in offset, expected number, duration, step(), or range()', 10, 10),
  row('foo offset bar', 'unexpected identifier "bar" in offset, expected number, duration, step(), or range()', 11, 14),
  row('foo @ bar', 'unexpected identifier "bar" in @, expected timestamp', 6, 9),
  row('foo{a="b" c="d"}', 'unexpected identifier "c" in label matching, expected "," or "}"', 10, 11),
  row('foo{a}', 'unexpected "}" in label matching, expected label matching operator', 5, 6),
  row('foo{a=}', 'unexpected "}" in label matching, expected string', 6, 7),
  toEnd('foo{a="b"', 'unexpected end of input inside braces', 9),
  toEnd('foo{a!"b"}', "unexpected character after '!' inside braces: '\"'", 5),
  toEnd('foo{{}', "unexpected left brace '{'", 4),
  toEnd('foo]', "unexpected right bracket ']'", 3),
  toEnd('foo[5m', 'unclosed left bracket', 6),
  toEnd('foo[5m[1m]]', "unexpected left bracket '['", 6),
  toEnd('foo[5m::1m]', "unexpected colon ':'", 7),
  toEnd('"unterminated', 'unterminated quoted string', 0),
  toEnd("'single", 'unterminated quoted string', 0),
  toEnd('`raw', 'unterminated raw string', 0),
  toEnd('"a\nb"', 'unterminated quoted string', 0),
  toEnd('"\\400"', 'escape sequence is an invalid Unicode code point', 0),
  toEnd('"\\uD800"', 'escape sequence is an invalid Unicode code point', 0),
  toEnd('"\\U00110000"', 'escape sequence is an invalid Unicode code point', 0),
  toEnd('"\\u12"', "illegal character U+0022 '\"' in escape sequence", 0),
  toEnd("'\\\"'", "unknown escape sequence U+0022 '\"'", 0),
  toEnd('1 $ 2', "unexpected character: '$'", 2),
  toEnd('1e', 'bad number or duration syntax: "1e"', 0),
  toEnd('1__0', 'bad number or duration syntax: "1__"', 0),
  toEnd('5x', 'bad number or duration syntax: "5"', 0),
  row('foo[5m] [1m]', 'ranges only allowed for vector selectors', 8, 12),
  row('foo[5m 1m]', 'unexpected duration "1m" in subquery or range, expected ":" or "]"', 7, 9),
  row('foo[5m:1m 2m]', 'unexpected duration "2m" in subquery selector, expected "]"', 10, 12),
  row('rate(foo[5m]', 'unclosed left parenthesis', 12, 12),
  row('foo and', 'unexpected end of input', 7, 7),
  row('foo{}}', "unexpected character: '}'", 5, 6),
  row('sum by (a,) (b) by (c)', 'unexpected <by>', 16, 18),
  row('foo:bar(x)', 'unexpected "("', 7, 8),
  row('rate(foo[5m],)', 'trailing commas not allowed in function call args', 12, 13),
  row('foo @ start', 'unexpected end of input in @, expected timestamp', 11, 11),
  row('foo[5m] ffset 1m', 'unexpected identifier "ffset"', 8, 13),
  row('foo offset -min', 'unexpected <aggr:min> in offset, expected number, duration, step(), or range()', 12, 15),
  row('foo offset - bar', 'unexpected identifier "bar" in offset, expected number, duration, step(), or range()', 13, 16),
  row('foo{a=~"x", b!', "unexpected character after '!' inside braces: '�'", 13, 14),
  row('foo </', 'unexpected end of input', 6, 6),
  row('foo < / bar', 'unexpected <op:/>', 6, 7),
];

const STRUCTURAL: InvalidRow[] = [
  // offset / @ placement (parse_test.go)
  row('1 offset 1d', 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery', 0, 1),
  row('foo offset 1s offset 2s', 'offset may not be set multiple times', 0, 13),
  row('some_metric OFFSET 1m[5m]', 'no offset modifiers allowed before range', 21, 25),
  row('some_metric @ 1234 [5m]', 'no @ modifiers allowed before range', 19, 23),
  row('some_metric @ start() [5m]', 'no @ modifiers allowed before range', 22, 26),
  row('some_metric @ end()[5m]', 'no @ modifiers allowed before range', 19, 23),
  row('some_metric offset step()[5m]', 'no offset modifiers allowed before range', 25, 29),
  row('(foo + bar)[5m]', 'ranges only allowed for vector selectors', 11, 15),
  row('rate(some_metric[5m]) @ 1234', '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery', 0, 21),
  row('rate(food[1m])[1h] offset 1h', 'ranges only allowed for vector selectors', 14, 18),
  row('rate(food[1m])[1h] @ 100', 'ranges only allowed for vector selectors', 14, 18),
  row('1[5m] smoothed', 'ranges only allowed for vector selectors', 1, 5),
  row('1[5m] anchored', 'ranges only allowed for vector selectors', 1, 5),
  row('foo @ +Inf', 'timestamp out of bounds for @ modifier: +Inf', 0, 3),
  row('foo @ -Inf', 'timestamp out of bounds for @ modifier: -Inf', 0, 3),
  row('foo @ NaN', 'timestamp out of bounds for @ modifier: NaN', 0, 3),
  row('foo @ 9223372036854775808.000000', 'timestamp out of bounds for @ modifier: 9223372036854775808.000000', 0, 3),
  row('foo @ -9223372036854775808.000000', 'timestamp out of bounds for @ modifier: -9223372036854775808.000000', 0, 3),
  // The same rules, elsewhere.
  row('sum(foo) offset 5m', 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery', 0, 8),
  row('"x" @ 100', '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery', 0, 3),
  row('foo @ 1 @ 2', '@ <timestamp> may not be set multiple times', 0, 7),
  row('foo[5m] @ 1 @ 2', '@ <timestamp> may not be set multiple times', 0, 11),
  row('foo[5m:] offset 1m offset 2m', 'offset may not be set multiple times', 0, 18),
  row('a + b[5m]', 'binary expression must contain only scalar and instant vector types', 4, 9),
  // Prometheus: 1..2 (the literal without its sign); see the header.
  row('-1 offset 5m', 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery', 0, 2),
  row('a + 1 offset 5m', 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery', 4, 5),
  row('sum(foo)[5m]', 'ranges only allowed for vector selectors', 8, 12),
  row('foo[5m][5m]', 'ranges only allowed for vector selectors', 7, 11),
  // Durations (parse_test.go)
  row('foo[0m]', 'duration must be greater than 0', 4, 6),
  row('foo[-1]', 'duration must be greater than 0', 4, 6),
  row('foo[step()/0d]', 'division by zero', 10, 11),
  row('foo[5s/0d]', 'division by zero', 6, 7),
  row('foo offset (4d/0)', 'division by zero', 14, 15),
  row('foo[5s%0d]', 'modulo by zero', 6, 7),
  row('foo offset 9.5e10', 'duration out of range', 11, 17),
  row('foo[9.5e10]', 'duration out of range', 4, 10),
  row('foo[5m:0s]', 'duration must be greater than 0', 7, 9),
  row('foo[0:1m]', 'duration must be greater than 0', 4, 5),
  row('foo[300000y]', 'duration out of range', 4, 11),
  // Aggregations (parse_test.go)
  row('sum () by (test)', 'no arguments for aggregate expression provided', 0, 16),
  row('topk(some_metric)', 'wrong number of arguments for aggregate expression provided, expected 2, got 1', 0, 17),
  row('sum(a, b)', 'wrong number of arguments for aggregate expression provided, expected 1, got 2', 0, 9),
  row('count_values("a")', 'wrong number of arguments for aggregate expression provided, expected 2, got 1', 0, 17),
  row('quantile(0.5, a, b)', 'wrong number of arguments for aggregate expression provided, expected 2, got 3', 0, 19),
  // Experimental syntax with the feature flags off.
  row('limitk(1, foo)', 'limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions', 0, 14, false),
  row('limit_ratio(0.5, foo)', 'limit_ratio() is experimental and must be enabled with --enable-feature=promql-experimental-functions', 0, 21, false),
  row('foo[5m] anchored', 'anchored modifier is experimental and not enabled', 0, 7, false),
  row('foo[5m] smoothed', 'smoothed modifier is experimental and not enabled', 0, 7, false),
  row('foo[5m+1m]', 'experimental duration expression is not enabled', 4, 6, false),
  row('foo offset (5m)', 'experimental duration expression is not enabled', 12, 14, false),
  row('foo[step()]', 'experimental duration expression is not enabled', 4, 10, false),
  row('a + fill(0) b', 'binop fill modifiers are experimental and not enabled', 0, 13, false),
  row('sort_by_label(foo, "a")', 'function "sort_by_label" is not enabled', 0, 13, false),
  row('info(foo)', 'function "info" is not enabled', 0, 4, false),
  // Extended range selectors
  row('foo[5m:] anchored', 'anchored modifier is not supported for subqueries', 0, 8),
  row('foo[5m:] smoothed', 'smoothed modifier is not supported for subqueries', 0, 8),
  row('sum(foo) anchored', 'anchored modifier not implemented', 0, 8),
  row('rate(foo[5m]) smoothed', 'smoothed modifier not implemented', 0, 13),
  row('foo[5m] anchored smoothed', 'anchored and smoothed modifiers cannot be used together', 0, 16),
  row('foo smoothed anchored', 'anchored and smoothed modifiers cannot be used together', 0, 12),
  // Number literals
  row('9'.repeat(309), `error parsing number: strconv.ParseFloat: parsing "${'9'.repeat(309)}": value out of range`, 0, 309),
  // Regular expressions (RE2 syntax, compiled as Prometheus does: `^(?s:<re>)$`)
  row('foo{a=~"("}', 'error parsing regexp: missing closing ): `^(?s:()$`', 4, 10),
  row('foo{a!~"[a"}', 'error parsing regexp: missing closing ]: `[a)$`', 4, 11),
  row('foo{a=~"a**"}', 'error parsing regexp: invalid nested repetition operator: `**`', 4, 12),
  row('foo{a=~"x{2,1}"}', 'error parsing regexp: invalid repeat count: `{2,1}`', 4, 15),
  row('{"a"=~"("}', 'error parsing regexp: missing closing ): `^(?s:()$`', 1, 9),
  // Unknown functions, quoted names in grouping
  row('sum by ("") (foo)', 'invalid label name for grouping: ""', 8, 10),
  row('foo_bar(1)', 'unknown function with name "foo_bar"', 0, 7),
  row('RATE(foo[5m])', 'unknown function with name "RATE"', 0, 4),
];

const TYPE_RULES: InvalidRow[] = [
  // (parse_test.go)
  row('1 and 1', 'set operator "and" not allowed in binary scalar expression', 0, 7),
  row('1 == 1', 'comparisons between scalars must use BOOL modifier', 2, 3),
  row('1 or 1', 'set operator "or" not allowed in binary scalar expression', 0, 6),
  row('1 unless 1', 'set operator "unless" not allowed in binary scalar expression', 0, 10),
  row('-"string"', 'unary expression only allowed on expressions of type scalar or instant vector, got "string"', 0, 9),
  row('-test[5m]', 'unary expression only allowed on expressions of type scalar or instant vector, got "range vector"', 0, 9),
  row('foo and 1', 'set operator "and" not allowed in binary scalar expression', 0, 9),
  row('1 and foo', 'set operator "and" not allowed in binary scalar expression', 0, 9),
  row('foo or 1', 'set operator "or" not allowed in binary scalar expression', 0, 8),
  row('1 or foo', 'set operator "or" not allowed in binary scalar expression', 0, 8),
  row('foo unless 1', 'set operator "unless" not allowed in binary scalar expression', 0, 12),
  row('1 unless foo', 'set operator "unless" not allowed in binary scalar expression', 0, 12),
  row('1 or on(bar) foo', 'vector matching only allowed between instant vectors', 0, 16),
  row('foo == on(bar) 10', 'vector matching only allowed between instant vectors', 0, 17),
  row('foo and on(bar) group_left(baz) bar', 'no grouping allowed for "and" operation', 0, 35),
  row('foo and on(bar) group_right(baz) bar', 'no grouping allowed for "and" operation', 0, 36),
  row('foo or on(bar) group_left(baz) bar', 'no grouping allowed for "or" operation', 0, 34),
  row('foo or on(bar) group_right(baz) bar', 'no grouping allowed for "or" operation', 0, 35),
  row('foo unless on(bar) group_left(baz) bar', 'no grouping allowed for "unless" operation', 0, 38),
  row('foo unless on(bar) group_right(baz) bar', 'no grouping allowed for "unless" operation', 0, 39),
  row(
    'http_requests{group="production"} + on(instance) group_left(job,instance) cpu_count{type="smp"}',
    'label "instance" must not occur in ON and GROUP clause at once',
    34,
    72,
  ),
  row('foo + bool bar', 'bool modifier can only be used on comparison operators', 4, 9),
  row('foo + bool 10', 'bool modifier can only be used on comparison operators', 4, 9),
  row('foo and bool 10', 'bool modifier can only be used on comparison operators', 4, 11),
  row('{}', 'vector selector must contain at least one non-empty matcher', 0, 2),
  row('{x=""}', 'vector selector must contain at least one non-empty matcher', 0, 6),
  row('{x=~".*"}', 'vector selector must contain at least one non-empty matcher', 0, 9),
  row('{x!~".+"}', 'vector selector must contain at least one non-empty matcher', 0, 9),
  row('{x!="a"}', 'vector selector must contain at least one non-empty matcher', 0, 8),
  row('foo{__name__="bar"}', 'metric name must not be set twice: "foo" or "bar"', 0, 19),
  row('topk(some_metric, other_metric)', 'expected type scalar in aggregation parameter, got instant vector', 5, 16),
  row('count_values(5, other_metric)', 'expected type string in aggregation parameter, got scalar', 13, 14),
  row('floor()', 'expected 1 argument(s) in call to "floor", got 0', 0, 7),
  row('floor(some_metric, other_metric)', 'expected 1 argument(s) in call to "floor", got 2', 0, 32),
  row('floor(some_metric, 1)', 'expected 1 argument(s) in call to "floor", got 2', 0, 21),
  row('floor(1)', 'expected type instant vector in call to function "floor", got scalar', 6, 7),
  row('hour(some_metric, some_metric, some_metric)', 'expected at most 1 argument(s) in call to "hour", got 3', 0, 43),
  row('time(some_metric)', 'expected 0 argument(s) in call to "time", got 1', 0, 17),
  row('rate(some_metric)', 'expected type range vector in call to function "rate", got instant vector', 5, 16),
  row('rate(avg)', 'expected type range vector in call to function "rate", got instant vector', 5, 8),
  row('test[5d] OFFSET 10s [10m:5s]', 'subquery is only allowed on instant vector, got matrix instead', 0, 28),
  row('(foo + bar{nm="val"})[5m:][10m:5s]', 'subquery is only allowed on instant vector, got matrix instead', 0, 34),
  row('info(rate(http_request_counter_total{}[5m]), target_info{foo="bar"})', 'expected label selectors only, got vector selector instead', 45, 67),
  row('info(http_request_counter_total{namespace="zzz"}, {foo="bar"} == 1)', 'expected label selectors only', 50, 66),
  // The same rules, further cases.
  row('foo{"bar"}', 'metric name must not be set twice: "foo" or "bar"', 0, 10),
  row('{"a", __name__="b", x="y"} and foo{__name__="c"}', 'metric name must not be set twice: "foo" or "c"', 31, 48),
  row('info(foo, 1)', 'expected type instant vector in call to function "info", got scalar', 0, 12),
  // opRange ends at the index of the operator's last character: one short for `<`.
  row('1 < 2', 'comparisons between scalars must use BOOL modifier', 2, 2),
  row('(1) >= (2)', 'comparisons between scalars must use BOOL modifier', 4, 5),
  row('1 + bool 2', 'bool modifier can only be used on comparison operators', 2, 7),
  row('foo[5m] + 1', 'binary expression must contain only scalar and instant vector types', 0, 7),
  row('1 - "a"', 'binary expression must contain only scalar and instant vector types', 4, 7),
  row('foo + on(a) group_left(a) bar', 'label "a" must not occur in ON and GROUP clause at once', 4, 24),
  row('1 + fill(0) foo', 'filling in missing series only allowed between instant vectors', 0, 15),
  row('foo and fill(0) bar', 'filling in missing series not allowed for set operators', 0, 19),
  row('sum(1)', 'expected type instant vector in aggregation expression, got scalar', 4, 5),
  row('sum(foo[5m])', 'expected type instant vector in aggregation expression, got range vector', 4, 11),
  row('quantile("a", foo)', 'expected type scalar in aggregation parameter, got string', 9, 12),
  row('limitk(foo, bar)', 'expected type scalar in aggregation parameter, got instant vector', 7, 10),
  row('count_values(foo, bar)', 'expected type string in aggregation parameter, got instant vector', 13, 16),
  row('"a"[5m:]', 'subquery is only allowed on instant vector, got string instead', 0, 8),
  row('1[5m:]', 'subquery is only allowed on instant vector, got scalar instead', 0, 6),
  row('-(foo[5m])', 'unary expression only allowed on expressions of type scalar or instant vector, got "range vector"', 0, 10),
  row('{x=~"a|"}', 'vector selector must contain at least one non-empty matcher', 0, 9),
  row('{__name__=""}', 'vector selector must contain at least one non-empty matcher', 0, 13),
];

// ---------------------------------------------------------------------------
// Rows generated from the function signature table: for every function, a
// call with too few or too many arguments and a call with a wrong-typed
// first argument, with the messages checkAST produces; for experimental
// functions also a valid call with the feature flag off.

/** A valid argument of each type. */
const SAMPLE_ARG: Record<ValueType, string> = { vector: 'foo', matrix: 'foo[5m]', scalar: '1', string: '"s"' };
/** An argument of another type than `t`. */
const WRONG_ARG: Record<ValueType, { text: string; type: ValueType }> = {
  vector: { text: '1', type: 'scalar' },
  matrix: { text: 'foo', type: 'vector' },
  scalar: { text: 'foo', type: 'vector' },
  string: { text: '1', type: 'scalar' },
};

function callRow(f: FunctionSignature, args: string[], message: string, start?: number, end?: number): InvalidRow {
  const input = `${f.name}(${args.join(', ')})`;
  return row(input, message, start ?? 0, end ?? input.length);
}

function functionRows(f: FunctionSignature): InvalidRow[] {
  const { min, max } = arity(f);
  const validArgs = (n: number): string[] => Array.from({ length: n }, (_, i) => SAMPLE_ARG[argTypeAt(f, i) ?? 'vector']);
  const rows: InvalidRow[] = [];
  const fixed = (f.variadic ?? 0) === 0;
  // Too few arguments (or, for functions without arguments, one too many).
  if (min > 0) {
    const n = min - 1;
    const msg = fixed
      ? `expected ${min} argument(s) in call to "${f.name}", got ${n}`
      : `expected at least ${min} argument(s) in call to "${f.name}", got ${n}`;
    rows.push(callRow(f, validArgs(n), msg));
  }
  if (Number.isFinite(max)) {
    const n = max + 1;
    const args = [...validArgs(max), SAMPLE_ARG[f.argTypes[f.argTypes.length - 1] ?? 'scalar']];
    const msg = fixed ? `expected ${max} argument(s) in call to "${f.name}", got ${n}` : `expected at most ${max} argument(s) in call to "${f.name}", got ${n}`;
    rows.push(callRow(f, args, msg));
  }
  // A wrong type for the first argument.
  const first = f.argTypes[0];
  if (first !== undefined) {
    const wrong = WRONG_ARG[first];
    const args = [wrong.text, ...validArgs(Math.max(min, 1)).slice(1)];
    const start = f.name.length + 1;
    rows.push(
      callRow(
        f,
        args,
        `expected type ${documentedType(first)} in call to function "${f.name}", got ${documentedType(wrong.type)}`,
        start,
        start + wrong.text.length,
      ),
    );
  }
  // Experimental functions need the feature flag.
  if (f.experimental) {
    const input = `${f.name}(${validArgs(min).join(', ')})`;
    rows.push(row(input, `function "${f.name}" is not enabled`, 0, f.name.length, false));
  }
  return rows;
}

// Functions of other Prometheus versions only (e.g. 2.x's holt_winters) are
// unknown under the default target; their arity rows apply to their version.
const DEFAULT_FUNCTIONS = FUNCTION_SIGNATURES.filter((f) => functionUnavailability(DEFAULT_VERSION, f.name) === undefined);
const OTHER_VERSION_FUNCTIONS = FUNCTION_SIGNATURES.filter((f) => functionUnavailability(DEFAULT_VERSION, f.name) !== undefined);
const GENERATED: InvalidRow[] = [
  ...DEFAULT_FUNCTIONS.flatMap(functionRows),
  ...OTHER_VERSION_FUNCTIONS.map((f) => row(`${f.name}(foo[5m], 1, 1)`, `unknown function with name "${f.name}"`, 0, f.name.length, false)),
];

// ---------------------------------------------------------------------------

const ALL: InvalidRow[] = [...SYNTAX, ...STRUCTURAL, ...TYPE_RULES, ...GENERATED];

describe('invalid expressions', () => {
  it('has at least 200 rows, and every function has generated rows', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(200);
    for (const f of FUNCTION_SIGNATURES) expect(GENERATED.some((r) => r.input.startsWith(`${f.name}(`))).toBe(true);
  });

  it.each(ALL)('$input → $message', ({ input, message, start, end, experimental }) => {
    const r = parseExpr(input, experimental === undefined ? {} : { experimental });
    expect(r.expr).toBeUndefined();
    expect(r.type).toBeUndefined();
    expect(r.diagnostics.length).toBeGreaterThan(0);
    const first = r.diagnostics[0]!;
    expect({ message: first.message, start: first.pos.start, end: first.pos.end }).toEqual({ message, start, end });
    expect(first.severity).toBe('error');
  });
});

describe('every broken input gets one clear, positioned diagnostic', () => {
  // Every prefix and every one-character deletion of these expressions.
  const SEEDS = [
    'sum by (job) (rate(http_requests_total{job=~"api.*", code!="500"}[5m] offset 1m)) / on(job) group_left(team) max(team_info)',
    'histogram_quantile(0.9, sum without(le) (rate(foo_bucket[5m:30s] @ end())))',
    'label_replace(up{"my.metric", "a.b"="x"}, "dst", "$1", "src", "(.*)") > bool 0.5 unless foo[1h] anchored',
    'count_values("v", -foo) or vector(1) * 0x1F - 1_000 ^ 2 % 1h30m',
    'foo[step()*2:1m] offset -min_of(5m, range()) + fill(0) bar # comment',
  ];
  const variants = new Set<string>();
  for (const seed of SEEDS) {
    for (let i = 0; i < seed.length; i++) {
      variants.add(seed.slice(0, i));
      variants.add(seed.slice(0, i) + seed.slice(i + 1));
    }
  }

  it('never throws, and positions stay inside the input', () => {
    let rejected = 0;
    for (const input of variants) {
      const r = parseExpr(input);
      if (r.diagnostics.length === 0) {
        expect(r.expr, input).toBeDefined();
        continue;
      }
      rejected++;
      for (const d of r.diagnostics) {
        expect(d.message, input).not.toBe('');
        expect(d.message, input).not.toMatch(/undefined|\[object|⚠/);
        expect(d.pos.start, input).toBeGreaterThanOrEqual(0);
        expect(d.pos.start, input).toBeLessThanOrEqual(d.pos.end);
        expect(d.pos.end, input).toBeLessThanOrEqual(input.length);
      }
    }
    expect(rejected).toBeGreaterThan(variants.size / 2);
  });
});
