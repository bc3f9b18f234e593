import { describe, it, expect } from 'vitest';
import { formatModelDuration, parseModelDuration } from '../../src/rulefmt/duration.js';

describe('model.ParseDuration', () => {
  it('reads unit groups in order', () => {
    expect(parseModelDuration('0')).toEqual({ ok: true, ms: 0 });
    expect(parseModelDuration('1y2w3d4h5m6s7ms')).toEqual({ ok: true, ms: 365 * 86400e3 + 14 * 86400e3 + 3 * 86400e3 + 4 * 3600e3 + 5 * 60e3 + 6e3 + 7 });
    expect(parseModelDuration('90s')).toEqual({ ok: true, ms: 90_000 });
    expect(parseModelDuration('1m30s')).toEqual({ ok: true, ms: 90_000 });
  });

  it('rejects what Prometheus rejects, with its messages', () => {
    expect(parseModelDuration('')).toEqual({ ok: false, message: 'empty duration string' });
    for (const bad of ['5', '5m1h', '1h1h', '-1m', 'ms', '0s0']) {
      expect(parseModelDuration(bad), bad).toEqual({ ok: false, message: `not a valid duration string: ${JSON.stringify(bad)}` });
    }
    // A non-digit run that is not a unit (current prometheus/common wording).
    for (const [bad, unit] of [
      ['1.5h', '.'],
      ['1 h', ' h'],
      ['1H', 'H'],
    ]) {
      expect(parseModelDuration(bad!), bad).toEqual({ ok: false, message: `unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(bad)}` });
    }
    expect(parseModelDuration('300000y')).toEqual({ ok: false, message: 'duration out of range' });
  });

  it('formats like model.Duration.String()', () => {
    expect(formatModelDuration(0)).toBe('0s');
    expect(formatModelDuration(5_400_000)).toBe('1h30m');
    // Years and weeks only when they divide what is left (90d, not 12w6d).
    expect(formatModelDuration(86_400_000 * 14 + 1)).toBe('14d1ms');
    expect(formatModelDuration(86_400_000 * 14)).toBe('2w');
  });
});
