import { describe, it, expect } from 'vitest';
import { isMap, isScalar, stringify, type Scalar } from 'yaml';
import { parseYaml, SourceText, scalarPosition, scalarSourceMap } from '../../src/yaml/index.js';

/** The scalar value of top-level key `key` in a one-document YAML text. */
function scalarAt(text: string, key: string): Scalar {
  const { documents, diagnostics } = parseYaml(text);
  expect(diagnostics).toEqual([]);
  const contents = documents[0]?.contents;
  if (!isMap(contents)) throw new Error('test YAML must be a mapping');
  const pair = contents.items.find((p) => isScalar(p.key) && p.key.value === key);
  if (!pair || !isScalar(pair.value)) throw new Error(`no scalar at ${key}`);
  return pair.value;
}

/** line:col of value[offset] as a compact string. */
function at(text: string, key: string, offset: number): string {
  const p = scalarPosition(scalarAt(text, key), new SourceText(text), offset);
  return `${p.line}:${p.column}`;
}

/** Every value character that is copied verbatim must point at itself in the file. */
function expectVerbatimCharsMapToThemselves(text: string, key: string, skip: (ch: string) => boolean = () => false): void {
  const node = scalarAt(text, key);
  const map = scalarSourceMap(node, text);
  expect(map.exact).toBe(true);
  for (let i = 0; i < map.value.length; i++) {
    const ch = map.value[i] as string;
    if (ch === ' ' || ch === '\n' || skip(ch)) continue;
    expect(text[map.offsets[i] ?? -1], `value[${i}]=${JSON.stringify(ch)}`).toBe(ch);
  }
}

describe('scalar position mapper', () => {
  it('maps a plain single-line scalar', () => {
    const text = 'expr: rate(x[5m]) > 0\n';
    expect(at(text, 'expr', 0)).toBe('1:7');
    expect(at(text, 'expr', 5)).toBe('1:12');
    expect(at(text, 'expr', 15)).toBe('1:22'); // end of value
  });

  it('maps a multi-line plain scalar folded into one line', () => {
    const text = 'expr: sum by (job)\n  (rate(x[5m]))\n  > 0\n';
    const node = scalarAt(text, 'expr');
    expect(node.value).toBe('sum by (job) (rate(x[5m])) > 0');
    expect(at(text, 'expr', 12)).toBe('1:19'); // the folded space is the line break
    expect(at(text, 'expr', 13)).toBe('2:3'); // "("
    expect(at(text, 'expr', 29)).toBe('3:5'); // "0"
    expectVerbatimCharsMapToThemselves(text, 'expr');
  });

  it('maps a single-quoted scalar with doubled quotes', () => {
    const text = "expr: 'up{job=''a''} == 0'\n";
    expect(scalarAt(text, 'expr').value).toBe("up{job='a'} == 0");
    expect(at(text, 'expr', 0)).toBe('1:8');
    expect(at(text, 'expr', 7)).toBe('1:15'); // first ' of 'a' is the pair at col 15
    expect(at(text, 'expr', 8)).toBe('1:17'); // a
    expect(at(text, 'expr', 12)).toBe('1:22'); // "=" of "=="
  });

  it('maps a double-quoted scalar with escapes', () => {
    const text = 'expr: "up{job=\\"a\\"}\\t\\u00e9 == 0"\n';
    const node = scalarAt(text, 'expr');
    expect(node.value).toBe('up{job="a"}\té == 0');
    expect(at(text, 'expr', 7)).toBe('1:15'); // the \" escape
    expect(at(text, 'expr', 8)).toBe('1:17'); // a
    expect(at(text, 'expr', 11)).toBe('1:21'); // \t
    expect(at(text, 'expr', 12)).toBe('1:23'); // \u00e9
    expect(at(text, 'expr', 14)).toBe('1:30'); // "=" after the escape
  });

  it('maps a multi-line double-quoted scalar with an escaped line break', () => {
    const text = 'expr: "sum(rate(x[5m])) \\\n    > 0 and\n\n  up"\n';
    const node = scalarAt(text, 'expr');
    expect(node.value).toBe('sum(rate(x[5m])) > 0 and\nup');
    expect(at(text, 'expr', 17)).toBe('2:5'); // ">" after the escaped break
    expect(at(text, 'expr', 25)).toBe('4:3'); // "u"
    expectVerbatimCharsMapToThemselves(text, 'expr');
  });

  it('maps a non-BMP \\U escape to both UTF-16 units', () => {
    const text = 'a: "x\\U0001F600y"\n';
    const node = scalarAt(text, 'a');
    expect(node.value).toBe('x\u{1F600}y');
    expect(at(text, 'a', 1)).toBe('1:6');
    expect(at(text, 'a', 2)).toBe('1:6');
    expect(at(text, 'a', 3)).toBe('1:16');
  });

  it('maps a literal block scalar', () => {
    const text = 'groups:\n  - x\nexpr: |\n  sum(rate(x[5m]))\n    by (job)\n';
    const node = scalarAt(text, 'expr');
    expect(node.value).toBe('sum(rate(x[5m]))\n  by (job)\n');
    expect(at(text, 'expr', 0)).toBe('4:3');
    expect(at(text, 'expr', 16)).toBe('4:19'); // the line break
    expect(at(text, 'expr', 19)).toBe('5:5'); // "b"
    expectVerbatimCharsMapToThemselves(text, 'expr');
  });

  it('maps |- and |+ chomping', () => {
    const strip = 'expr: |-\n  up\n\n';
    expect(scalarAt(strip, 'expr').value).toBe('up');
    expect(at(strip, 'expr', 1)).toBe('2:4');
    const keep = 'expr: |+\n  up\n\nnext: 1\n';
    expect(scalarAt(keep, 'expr').value).toBe('up\n\n');
    expect(at(keep, 'expr', 3)).toBe('3:1');
  });

  it('maps a folded block scalar', () => {
    const text = 'expr: >\n  sum(rate(x[5m]))\n  by (job)\n\n  > 0\n';
    const node = scalarAt(text, 'expr');
    expect(node.value).toBe('sum(rate(x[5m])) by (job)\n> 0\n');
    expect(at(text, 'expr', 16)).toBe('2:19'); // folded space = line break
    expect(at(text, 'expr', 17)).toBe('3:3'); // "b"
    expect(at(text, 'expr', 26)).toBe('5:3'); // ">"
    expectVerbatimCharsMapToThemselves(text, 'expr');
  });

  it('keeps line breaks around more-indented lines in a folded scalar', () => {
    const text = 'expr: >-\n  a\n    b\n  c\n';
    expect(scalarAt(text, 'expr').value).toBe('a\n  b\nc');
    expect(at(text, 'expr', 4)).toBe('3:5');
    expect(at(text, 'expr', 6)).toBe('4:3');
  });

  it('honours an explicit indentation indicator', () => {
    const text = 'rules:\n  - expr: |2\n       up\n      == 0\n';
    const { documents } = parseYaml(text);
    const seq = (documents[0]?.contents as { items: { value: unknown }[] }).items[0]?.value as { items: { items: { value: Scalar }[] }[] };
    const node = seq.items[0]?.items[0]?.value as Scalar;
    expect(node.value).toBe(' up\n== 0\n');
    const p = scalarPosition(node, new SourceText(text), 1);
    expect(`${p.line}:${p.column}`).toBe('3:8');
    const q = scalarPosition(node, new SourceText(text), 4);
    expect(`${q.line}:${q.column}`).toBe('4:7');
  });

  it('handles CRLF line endings', () => {
    const text = 'expr: |\r\n  a\r\n  bc\r\n';
    expect(scalarAt(text, 'expr').value).toBe('a\nbc\n');
    expect(at(text, 'expr', 3)).toBe('3:4');
  });

  it('keeps the source spelling of plain numbers and booleans', () => {
    const text = 'a: 1e3\nb: true\n';
    expect(scalarSourceMap(scalarAt(text, 'a'), text).value).toBe('1e3');
    expect(scalarSourceMap(scalarAt(text, 'b'), text).value).toBe('true');
    expect(at(text, 'a', 2)).toBe('1:6');
  });

  it('maps single-quoted multi-line scalars and >+ / >2 blocks', () => {
    const single = "expr: 'a\n  b\n\n  c'\n";
    expect(scalarAt(single, 'expr').value).toBe('a b\nc');
    expect(at(single, 'expr', 2)).toBe('2:3');
    expect(at(single, 'expr', 4)).toBe('4:3');
    const keep = 'expr: >+\n  a\n  b\n\nnext: 1\n';
    expect(scalarAt(keep, 'expr').value).toBe('a b\n\n');
    expect(at(keep, 'expr', 2)).toBe('3:3');
    const indicated = 'expr: >2\n   a\n  b\n';
    expect(scalarAt(indicated, 'expr').value).toBe(' a\nb\n');
    expect(at(indicated, 'expr', 1)).toBe('2:4');
    expect(at(indicated, 'expr', 3)).toBe('3:3');
  });

  it('is exact for generated values in every style the yaml package writes', () => {
    // A deterministic generator of awkward values: quotes, escapes, spaces, blank lines, non-ASCII.
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = ['a', 'b', 'x', ' ', '  ', '\n', '\n\n', "'", '"', '\\', '{', '}', '#', ':', '-', '\t', 'é', '😀', 'sum(rate(x[5m]))'];
    const styles = ['PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const;
    let checked = 0;
    for (let n = 0; n < 300; n++) {
      let value = 'v';
      const len = 1 + rand(12);
      for (let k = 0; k < len; k++) value += alphabet[rand(alphabet.length)];
      value += 'z';
      for (const style of styles) {
        const text = stringify({ pad: 1, key: value }, { defaultStringType: style, lineWidth: 20, minContentWidth: 5 });
        const node = scalarAt(text, 'key');
        expect(node.value, text).toBe(value);
        const map = scalarSourceMap(node, text);
        expect(map.exact, `${style}: ${JSON.stringify(text)}`).toBe(true);
        for (let i = 0; i < value.length; i++) {
          const ch = value[i] as string;
          if (/[\s\\'"\ud800-\udfff]/.test(ch)) continue;
          expect(text[map.offsets[i] ?? -1], `${style} value[${i}] in ${JSON.stringify(text)}`).toBe(ch);
        }
        checked++;
      }
    }
    expect(checked).toBe(1500);
  });
});
