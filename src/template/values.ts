// The Go value model the executor works on. Go templates are driven by
// reflection on typed values; here a value is a JS value with these meanings:
//
//   undefined          Go's invalid reflect.Value ("<no value>")
//   null               untyped nil
//   boolean / string   bool / string
//   number             float64 (what $value and every Prometheus number is)
//   GoInt              int (literals such as `1`, results of len)
//   GoComplex          complex128
//   unknown[]          a slice ([]interface {} unless wrapped in GoSlice)
//   GoMap              a typed map (map[string]string for labels)
//   plain object       map[string]interface {}
//   GoStruct           a struct (or pointer to one) with a Go type name
//   GoTime/GoDuration  *time.Time / time.Duration (Stringers)
//   function           a func value (usable with `call`)

export class GoInt {
  constructor(readonly value: bigint) {}
}

export class GoComplex {
  constructor(
    readonly re: number,
    readonly im: number,
  ) {}
}

/** A map whose element type matters: its zero value and its type name. */
export class GoMap {
  constructor(
    readonly entries: ReadonlyMap<string, unknown>,
    readonly elemType: 'string' | 'interface {}',
  ) {}

  static ofStrings(record: Readonly<Record<string, string>>): GoMap {
    return new GoMap(new Map(Object.entries(record)), 'string');
  }
}

/** A slice with a named Go type, e.g. Prometheus's template.queryResult. */
export class GoSlice {
  constructor(
    readonly items: readonly unknown[],
    readonly typeName: string,
  ) {}
}

/** A struct value; `pointer` marks a *T (prints as &{...}). */
export class GoStruct {
  constructor(
    readonly typeName: string,
    readonly fields: Readonly<Record<string, unknown>>,
    readonly pointer = false,
    /** Declared field types where they differ from the value's own (e.g. `interface {}`). */
    readonly fieldTypes: Readonly<Record<string, string>> = {},
  ) {}
}

/** A Go time.Time in UTC with nanosecond precision. */
export class GoTime {
  constructor(readonly unixNanos: bigint) {}

  /** time.Time.String(): 2006-01-02 15:04:05.999999999 -0700 MST */
  toString(): string {
    const secs = floorDiv(this.unixNanos, 1_000_000_000n);
    const nanos = this.unixNanos - secs * 1_000_000_000n;
    const d = new Date(Number(secs) * 1000);
    const p = (n: number, w = 2): string => String(n).padStart(w, '0');
    const year = d.getUTCFullYear();
    let s = `${year < 0 ? '-' + p(-year, 4) : p(year, 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
    if (nanos !== 0n) s += '.' + nanos.toString().padStart(9, '0').replace(/0+$/, '');
    return s + ' +0000 UTC';
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** A Go time.Duration (int64 nanoseconds). */
export class GoDuration {
  constructor(readonly nanos: bigint) {}

  /** time.Duration.String(): 1h2m3.5s, 1.5ms, 0s */
  toString(): string {
    const neg = this.nanos < 0n;
    let u = neg ? -this.nanos : this.nanos;
    const sign = neg ? '-' : '';
    if (u < 1_000_000_000n) {
      if (u === 0n) return '0s';
      const units: [bigint, string][] = [
        [1n, 'ns'],
        [1000n, 'µs'],
        [1_000_000n, 'ms'],
      ];
      let [scale, unit] = units[0]!;
      for (const [s, n] of units) if (u >= s) [scale, unit] = [s, n];
      return sign + fraction(u, scale) + unit;
    }
    const h = u / 3_600_000_000_000n;
    u -= h * 3_600_000_000_000n;
    const m = u / 60_000_000_000n;
    u -= m * 60_000_000_000n;
    let out = sign;
    if (h > 0n) out += `${h}h`;
    if (h > 0n || m > 0n) out += `${m}m`;
    return out + fraction(u, 1_000_000_000n) + 's';
  }
}

function fraction(v: bigint, scale: bigint): string {
  const whole = v / scale;
  const rest = v % scale;
  if (rest === 0n) return whole.toString();
  const width = scale.toString().length - 1;
  return `${whole}.${rest.toString().padStart(width, '0').replace(/0+$/, '')}`;
}

/** reflect.Kind, reduced to what templates distinguish. */
export type GoKind = 'invalid' | 'nil' | 'bool' | 'int' | 'float' | 'complex' | 'string' | 'slice' | 'map' | 'struct' | 'pointer' | 'func' | 'duration';

export function kindOf(v: unknown): GoKind {
  if (v === undefined) return 'invalid';
  if (v === null) return 'nil';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
    case 'function':
      return 'func';
    case 'bigint':
      return 'int';
    default:
      break;
  }
  if (v instanceof GoInt) return 'int';
  if (v instanceof GoComplex) return 'complex';
  if (v instanceof GoDuration) return 'duration';
  if (v instanceof GoTime) return 'pointer';
  if (Array.isArray(v) || v instanceof GoSlice) return 'slice';
  if (v instanceof GoMap || v instanceof Map) return 'map';
  if (v instanceof GoStruct) return v.pointer ? 'pointer' : 'struct';
  return 'map';
}

/** reflect.Type.String() for error messages and %T. */
export function goTypeName(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return 'float64';
    case 'string':
      return 'string';
    case 'function':
      return 'func(...interface {}) (interface {}, error)';
    case 'bigint':
      return 'int';
    default:
      break;
  }
  if (v instanceof GoInt) return 'int';
  if (v instanceof GoComplex) return 'complex128';
  if (v instanceof GoDuration) return 'time.Duration';
  if (v instanceof GoTime) return '*time.Time';
  if (v instanceof GoSlice) return v.typeName;
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof GoMap) return `map[string]${v.elemType}`;
  if (v instanceof GoStruct) return v.typeName;
  return 'map[string]interface {}';
}

/** Elements of a slice value. */
export function sliceItems(v: unknown): readonly unknown[] {
  if (v instanceof GoSlice) return v.items;
  return Array.isArray(v) ? v : [];
}

/** A uniform view of the three map representations. */
export interface MapView {
  readonly keys: readonly string[];
  get(key: string): unknown;
  has(key: string): boolean;
  /** The element type's zero value (missingkey=zero, index of a missing key). */
  readonly zero: unknown;
}

export function mapView(v: unknown): MapView | undefined {
  if (v instanceof GoMap) {
    const m = v.entries;
    return { keys: [...m.keys()].sort(), get: (k) => m.get(k), has: (k) => m.has(k), zero: v.elemType === 'string' ? '' : null };
  }
  if (v instanceof Map) {
    const m = v as Map<string, unknown>;
    return { keys: [...m.keys()].sort(), get: (k) => m.get(k), has: (k) => m.has(k), zero: null };
  }
  if (kindOf(v) === 'map' && typeof v === 'object' && v !== null) {
    const r = v as Record<string, unknown>;
    return {
      keys: Object.keys(r).sort(),
      get: (k) => (Object.prototype.hasOwnProperty.call(r, k) ? r[k] : undefined),
      has: (k) => Object.prototype.hasOwnProperty.call(r, k),
      zero: null,
    };
  }
  return undefined;
}

/** Go's truth (exec.go isTrue): ok is false for values if/with cannot use. */
export function isTrue(v: unknown): { truth: boolean; ok: boolean } {
  switch (kindOf(v)) {
    case 'invalid':
    case 'nil':
      return { truth: false, ok: true };
    case 'bool':
      return { truth: v as boolean, ok: true };
    case 'int':
      return { truth: intValue(v) !== 0n, ok: true };
    case 'float':
      return { truth: (v as number) !== 0, ok: true };
    case 'complex':
      return { truth: (v as GoComplex).re !== 0 || (v as GoComplex).im !== 0, ok: true };
    case 'duration':
      return { truth: (v as GoDuration).nanos !== 0n, ok: true };
    case 'string':
      return { truth: (v as string).length > 0, ok: true };
    case 'slice':
      return { truth: sliceItems(v).length > 0, ok: true };
    case 'map':
      return { truth: mapView(v)!.keys.length > 0, ok: true };
    case 'struct':
    case 'pointer':
    case 'func':
      return { truth: true, ok: true };
  }
}

export function intValue(v: unknown): bigint {
  if (v instanceof GoInt) return v.value;
  if (typeof v === 'bigint') return v;
  if (v instanceof GoDuration) return v.nanos;
  return 0n;
}

export function goInt(n: number | bigint): GoInt {
  return new GoInt(BigInt(n));
}
