// fmt verbs through `printf`, and the float conversions, against the output
// of Go's fmt for the same format strings and operands.
import { describe, expect, it } from 'vitest';
import { formatFloat, goSprint, goSprintf, goSprintln, GoInt, GoMap } from '../../src/template/index.js';
import { expandAlertTemplate } from '../../src/template/index.js';
import { FLOAT_CASES, FLOAT_FORMATS } from './gofmt-floats.data.js';

function printf(template: string, value = 0, labels: Record<string, string> = {}): string {
  const r = expandAlertTemplate(template, { labels, value });
  return r.ok ? r.text : `ERROR ${r.error.message}`;
}

/** [template, Go's output] */
const VERBS: readonly (readonly [string, string])[] = [
  ['{{ printf "%.2f" 3.14159 }}', '3.14'],
  ['{{ printf "%d items" 3 }}', '3 items'],
  [
    '{{ printf "%v|%5v|%-5v|%05d|%+d|% d|%x|%X|%#x|%o|%#o|%O|%b|%c|%q|%U|%#U" 1 2 3 42 5 6 255 255 255 8 8 8 5 65 65 65 65 }}',
    "1|    2|3    |00042|+5| 6|ff|FF|0xff|10|010|0o10|101|A|'A'|U+0041|U+0041 'A'",
  ],
  [
    '{{ printf "%f|%.0f|%.1f|%.3f|%8.2f|%-8.2f|%08.2f|%+.1f|%e|%.2e|%E|%g|%.3g|%G|%.0f|%.0f|%.1f" 3.14159 2.5 0.25 1.0005 3.14159 3.14159 -3.14159 2.0 123456.789 0.000123 1e-10 100000.0 3.14159 1e-7 0.5 1.5 0.05 }}',
    '3.141590|2|0.2|1.000|    3.14|3.14    |-0003.14|+2.0|1.234568e+05|1.23e-04|1.000000E-10|100000|3.14|1E-07|0|2|0.1',
  ],
  ['{{ printf "%v %v %v %v %g %g" 1e20 1e21 1e-5 0.0001 1e6 123456789.0 }}', '1e+20 1e+21 1e-05 0.0001 1e+06 1.23456789e+08'],
  [
    '{{ printf "%s|%10s|%-10s|%.2s|%q|%+q|%#q|%x|% x|%X" "abc" "abc" "abc" "héllo" "a\\"b\\n" "é" "ab" "hi" "hi" "hi" }}',
    'abc|       abc|abc       |hé|"a\\"b\\n"|"\\u00e9"|`ab`|6869|68 69|6869',
  ],
  ['{{ printf "%t|%v|%5t" true false true }}', 'true|false| true'],
  [
    '{{ printf "%d" "a" }}|{{ printf "%s" 1 }}|{{ printf "%d %d" 1 }}|{{ printf "%d" 1 2 }}|{{ printf "%z" 1 }}|{{ printf "%" }}|{{ printf "%!" }}',
    '%!d(string=a)|%!s(int=1)|1 %!d(MISSING)|1%!(EXTRA int=2)|%!z(int=1)|%!(NOVERB)|%!!(MISSING)',
  ],
  ['{{ printf "%s %v %d" nil nil nil }}', '%!s(<nil>) <nil> %!d(<nil>)'],
  ['{{ printf "%*d|%-*d|%.*f" 5 1 4 2 2 3.14159 }}', '    1|2   |3.14'],
  ['{{ printf "%[2]d %[1]d|%[3]d" 1 2 }}', '2 1|%!d(BADINDEX)'],
  ['{{ printf "%6.2f%%" 99.5 }}', ' 99.50%'],
  ['{{ printf "%x %X %.3x" 1.0 255.5 3.14159 }}', '0x1p+00 0X1.FFP+07 0x1.922p+01'],
  ['{{ printf "%v %.1f" 1.5i 1+2i }}', '(0+1.5i) (1.0+2.0i)'],
  ['{{ printf "%.3v|%10.4v|%v" 3.14159 "abcdefg" 100000000.0 }}', '3.14|      abcd|1e+08'],
  ['{{ printf "%05s|%-05d|%+05d|%x" "ab" 3 3 -255 }}', '000ab|3    |+0003|-ff'],
  ['{{ printf "%T %T %T %T %T" 1 1.5 "s" true $labels }}', 'int float64 string bool map[string]string'],
];

describe('printf verbs', () => {
  it.each(VERBS)('%s', (template, expected) => {
    expect(printf(template)).toBe(expected);
  });

  it('formats maps element by element with the verb', () => {
    expect(printf('{{ printf "%v|%s|%d" $labels $labels $labels }}', 0, { a: '1' })).toBe('map[a:1]|map[a:1]|map[%!d(string=a):%!d(string=1)]');
  });

  it('prints the largest float in full with %f', () => {
    expect(printf('{{ printf "%.2f" $value }}', -Number.MAX_VALUE)).toBe(
      '-179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.00',
    );
  });
});

describe('float formatting', () => {
  it.each(FLOAT_CASES)('%d', (value, expected) => {
    const args = FLOAT_FORMATS.split('|').map(() => value);
    expect(goSprintf(FLOAT_FORMATS, args)).toBe(expected);
  });

  it('has Go strconv special values', () => {
    expect([NaN, Infinity, -Infinity].map((v) => formatFloat(v, 'g', -1))).toEqual(['NaN', '+Inf', '-Inf']);
    expect(goSprintf('%v %5.1f %+v %e', [NaN, Infinity, NaN, -Infinity])).toBe('NaN  +Inf NaN -Inf');
    expect(goSprintf('%05.1f|%-6v|', [-Infinity, NaN])).toBe(' -Inf|NaN   |');
  });
});

describe('Sprint and Sprintln', () => {
  it('adds spaces only between non-string operands', () => {
    expect(goSprint([new GoInt(1n), new GoInt(2n), 'a', new GoInt(3n), 'b', 'c', 1.5, true])).toBe('1 2a3bc1.5 true');
  });

  it('always separates with spaces and ends with a newline', () => {
    expect(goSprintln(['a', 'b', new GoInt(1n)])).toBe('a b 1\n');
  });

  it('prints maps with sorted keys', () => {
    expect(goSprint([GoMap.ofStrings({ z: '1', a: '2' })])).toBe('map[a:2 z:1]');
  });
});
