import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/samples/duration.js';

describe('durations', () => {
  it('parses Prometheus durations', () => {
    expect(['0', '0s', '5m', '1h30m', '20s500ms', '1y', '2w', '1d', '10s53ms'].map((s) => parseDuration(s))).toEqual(
      [0, 0, 300_000, 5_400_000, 20_500, 31_536_000_000, 1_209_600_000, 86_400_000, 10_053].map((ms) => ({ ok: true, ms })),
    );
  });

  it('rejects bad durations with Prometheus messages', () => {
    expect(parseDuration('')).toEqual({ ok: false, error: 'empty duration string' });
    expect(parseDuration('1m1h')).toEqual({ ok: false, error: 'not a valid duration string: "1m1h"' });
    expect(parseDuration('-1m')).toEqual({ ok: false, error: 'not a valid duration string: "-1m"' });
    expect(parseDuration('1.5m')).toEqual({ ok: false, error: 'unknown unit "." in duration "1.5m"' });
    expect(parseDuration('5')).toEqual({ ok: false, error: 'not a valid duration string: "5"' });
    expect(parseDuration('300y')).toEqual({ ok: false, error: 'duration out of range' });
  });

  it('prints durations as Prometheus does', () => {
    expect([0, 1, 90_000, 5_400_000, 31_536_000_000, 7_776_000_000, 1_209_600_000, -60_000].map(formatDuration)).toEqual([
      '0s',
      '1ms',
      '1m30s',
      '1h30m',
      '1y',
      '90d',
      '2w',
      '-1m',
    ]);
  });
});
