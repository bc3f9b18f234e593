import { describe, expect, it } from 'vitest';
import { parseCsvSamples, parseCsvTime } from '../../src/samples/csv.js';
import { labelsToRecord } from '../../src/model/labels.js';

const summary = (text: string) => parseCsvSamples(text, 'x.csv').series.map((s) => [labelsToRecord(s.labels), [...s.timestamps], [...s.values]]);
const errors = (text: string) => parseCsvSamples(text, 'x.csv').diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);

describe('CSV samples', () => {
  it('reads NAB files (timestamp,value with UTC "YYYY-MM-DD HH:MM:SS")', () => {
    expect(summary('timestamp,value\n2014-02-14 14:30:00,0.132\n2014-02-14 14:35:00,1e3\n')).toEqual([
      [{ __name__: 'value' }, [Date.UTC(2014, 1, 14, 14, 30), Date.UTC(2014, 1, 14, 14, 35)], [0.132, 1000]],
    ]);
  });

  it('reads several value columns, series descriptions as headers, quoting, a BOM and empty cells', () => {
    const text = '\uFEFFTime,cpu{host="a"},"cpu{host=""b""}",CPU %\n1700000000,1,2,\n1700000060000,3,,5\n';
    expect(summary(text)).toEqual([
      [{ __name__: 'CPU__' }, [1700000060000], [5]],
      [{ __name__: 'cpu', host: 'a' }, [1700000000000, 1700000060000], [1, 3]],
      [{ __name__: 'cpu', host: 'b' }, [1700000000000], [2]],
    ]);
  });

  it("reads Grafana's long format (Series,Time,Value)", () => {
    const text = 'Series,Time,Value\nup{job="x"},2024-01-01 00:00:00,1\nup{job="y"},2024-01-01T00:01:00Z,0\n';
    expect(summary(text)).toEqual([
      [{ __name__: 'up', job: 'x' }, [Date.UTC(2024, 0, 1)], [1]],
      [{ __name__: 'up', job: 'y' }, [Date.UTC(2024, 0, 1, 0, 1)], [0]],
    ]);
  });

  it('points at the cell of bad input, and at a missing header', () => {
    expect(errors('timestamp,value\n2014-02-14 14:30:00,abc\nyesterday,1\n')).toEqual([
      '2:21: cannot read "abc" as a number',
      '3:1: cannot read "yesterday" as a time (unix seconds or ms, RFC 3339, or YYYY-MM-DD HH:MM:SS in UTC)',
    ]);
    expect(errors('2014-02-14 14:30:00,1\n')).toEqual(['1:1: the first line must be a header naming the columns (e.g. "timestamp,value"), not data']);
    expect(errors('')).toEqual(['1:1: the CSV file is empty: expected a header such as "timestamp,value"']);
    expect(errors('t,v\n1,"2\n')).toEqual(['2:3: unterminated quoted cell']);
  });

  it('reads times in the formats exports use', () => {
    expect(parseCsvTime('1700000000')).toBe(1700000000000);
    expect(parseCsvTime('1700000000123')).toBe(1700000000123);
    expect(parseCsvTime('2014-02-14 14:30:00.000000')).toBe(Date.UTC(2014, 1, 14, 14, 30));
    expect(parseCsvTime('2014-02-14 14:30:00+0100')).toBe(Date.UTC(2014, 1, 14, 13, 30));
    expect(parseCsvTime('2014-02-14')).toBe(Date.UTC(2014, 1, 14));
    expect(parseCsvTime('soon')).toBeUndefined();
  });
});
