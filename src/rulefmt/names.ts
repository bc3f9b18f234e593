// Metric, label and annotation name rules. Prometheus 3.x validates names as
// UTF-8 by default (any non-empty valid UTF-8 string); the legacy scheme (2.x,
// and 3.x with `--validation-scheme=legacy`) allows only [a-zA-Z_][a-zA-Z0-9_]*
// (plus `:` for metric names).

export type NameValidation = 'utf8' | 'legacy';

const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const LEGACY_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** A JS string is valid UTF-8 when it holds no lone surrogate. */
export function isValidUtf8(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isValidLabelName(name: string, scheme: NameValidation): boolean {
  if (name.length === 0) return false;
  return scheme === 'legacy' ? LEGACY_LABEL_NAME.test(name) : isValidUtf8(name);
}

export function isValidMetricName(name: string, scheme: NameValidation): boolean {
  if (name.length === 0) return false;
  return scheme === 'legacy' ? LEGACY_METRIC_NAME.test(name) : isValidUtf8(name);
}

export function isValidLabelValue(value: string): boolean {
  return isValidUtf8(value);
}
