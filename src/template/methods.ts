// Methods callable on the Go values functions return: `(toTime $v).Format
// "2006-01-02"`, `.Unix`, `(toDuration $v).Seconds`... Go reaches these by
// reflection; here each receiver type has a table of TemplateFunctions.

import { FuncError, type TemplateFunction } from './function-types.js';
import { GoDuration, GoInt, GoTime } from './values.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Layout elements of Go's time.Format, longest first so that "2006" wins over "2". */
const LAYOUT_TOKEN =
  /January|Monday|2006|Z07:00|Z0700|-07:00:00|-07:00|-0700|Z07|-07|MST|Jan|Mon|002|__2|_2|15|01|02|03|04|05|06|PM|pm|[.,](?:0+|9+)|1|2|3|4|5/g;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** time.Time.Format for a UTC time. */
export function formatTime(t: GoTime, layout: string): string {
  const secs = t.unixNanos >= 0n ? t.unixNanos / 1_000_000_000n : -((-t.unixNanos + 999_999_999n) / 1_000_000_000n);
  const nanos = Number(t.unixNanos - secs * 1_000_000_000n);
  const d = new Date(Number(secs) * 1000);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  const day = d.getUTCDate();
  const hour = d.getUTCHours();
  const yday = Math.floor((Date.UTC(year, month, day) - Date.UTC(year, 0, 1)) / 86400_000) + 1;
  return layout.replace(LAYOUT_TOKEN, (tok) => {
    switch (tok) {
      case 'January':
        return MONTHS[month]!;
      case 'Jan':
        return MONTHS[month]!.slice(0, 3);
      case 'Monday':
        return DAYS[d.getUTCDay()]!;
      case 'Mon':
        return DAYS[d.getUTCDay()]!.slice(0, 3);
      case '2006':
        return pad(year, 4);
      case '06':
        return pad(year % 100);
      case '01':
        return pad(month + 1);
      case '1':
        return String(month + 1);
      case '02':
        return pad(day);
      case '2':
        return String(day);
      case '_2':
        return String(day).padStart(2, ' ');
      case '002':
        return pad(yday, 3);
      case '__2':
        return String(yday).padStart(3, ' ');
      case '15':
        return pad(hour);
      case '03':
        return pad(hour % 12 === 0 ? 12 : hour % 12);
      case '3':
        return String(hour % 12 === 0 ? 12 : hour % 12);
      case '04':
        return pad(d.getUTCMinutes());
      case '4':
        return String(d.getUTCMinutes());
      case '05':
        return pad(d.getUTCSeconds());
      case '5':
        return String(d.getUTCSeconds());
      case 'PM':
        return hour >= 12 ? 'PM' : 'AM';
      case 'pm':
        return hour >= 12 ? 'pm' : 'am';
      case 'MST':
        return 'UTC';
      case 'Z07:00':
      case 'Z0700':
      case 'Z07':
        return 'Z';
      case '-07:00:00':
        return '+00:00:00';
      case '-07:00':
        return '+00:00';
      case '-0700':
        return '+0000';
      case '-07':
        return '+00';
      default: {
        // Fractional seconds: .000 keeps the width, .999 trims trailing zeros.
        const digits = tok.length - 1;
        const frac = pad(nanos, 9).slice(0, Math.min(digits, 9));
        if (tok[1] === '0') return tok[0] + frac;
        const trimmed = frac.replace(/0+$/, '');
        return trimmed === '' ? '' : tok[0] + trimmed;
      }
    }
  });
}

const TIME_METHODS: Readonly<Record<string, (t: GoTime) => TemplateFunction>> = {
  Format: (t) => ({ params: ['string'], call: ([layout]) => formatTime(t, layout as string) }),
  String: (t) => ({ params: [], call: () => t.toString() }),
  UTC: (t) => ({ params: [], call: () => t }),
  Unix: (t) => ({ params: [], call: () => new GoInt(floorDiv(t.unixNanos, 1_000_000_000n)) }),
  UnixMilli: (t) => ({ params: [], call: () => new GoInt(floorDiv(t.unixNanos, 1_000_000n)) }),
  UnixNano: (t) => ({ params: [], call: () => new GoInt(t.unixNanos) }),
  Year: (t) => ({ params: [], call: () => new GoInt(BigInt(new Date(Number(t.unixNanos / 1_000_000n)).getUTCFullYear())) }),
};

const DURATION_METHODS: Readonly<Record<string, (d: GoDuration) => TemplateFunction>> = {
  String: (d) => ({ params: [], call: () => d.toString() }),
  Seconds: (d) => ({ params: [], call: () => Number(d.nanos) / 1e9 }),
  Minutes: (d) => ({ params: [], call: () => Number(d.nanos) / 6e10 }),
  Hours: (d) => ({ params: [], call: () => Number(d.nanos) / 3.6e12 }),
  Milliseconds: (d) => ({ params: [], call: () => new GoInt(d.nanos / 1_000_000n) }),
  Microseconds: (d) => ({ params: [], call: () => new GoInt(d.nanos / 1_000n) }),
  Nanoseconds: (d) => ({ params: [], call: () => new GoInt(d.nanos) }),
};

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

export function hasMethod(receiver: unknown, name: string): boolean {
  if (receiver instanceof GoTime) return Object.prototype.hasOwnProperty.call(TIME_METHODS, name);
  if (receiver instanceof GoDuration) return Object.prototype.hasOwnProperty.call(DURATION_METHODS, name);
  return false;
}

/** The bound method; only call after hasMethod returned true. */
export function callMethod(receiver: unknown, name: string): TemplateFunction {
  if (receiver instanceof GoTime) return TIME_METHODS[name]!(receiver);
  if (receiver instanceof GoDuration) return DURATION_METHODS[name]!(receiver);
  return { params: [], call: () => new FuncError(`no method ${name}`) };
}
