// The pretty printer against Prometheus's prettifier. Most rows use a
// maximum width of 10 as upstream's prettier_test.go does, so that small
// expressions split; the expected layouts follow upstream's rules (and its
// test tables, for the expressions taken from there).

import { describe, expect, it } from 'vitest';
import { parseExpr } from '../../src/promql/parse.js';
import { prettyPrint } from '../../src/promql/pretty.js';
import type { PrettyOptions } from '../../src/promql/pretty.js';
import type { Expr } from '../../src/promql/ast.js';

interface Row {
  readonly in: string;
  /** Empty means the input is printed unchanged. */
  readonly out?: string;
  readonly options?: PrettyOptions;
}

const NARROW: PrettyOptions = { maxWidth: 10 };

const ROWS: Row[] = [
  // A signed left operand of `^` keeps its meaning when split (see printPowerOperand).
  { in: 'Inf ^ foo_bar_baz', out: '  Inf\n^\n  foo_bar_baz', options: NARROW },
  // Aggregations.
  { in: 'sum(foo)', options: NARROW },
  {
    in: 'sum by() (task:errors:rate10s{job="s"})',
    out: `sum(
  task:errors:rate10s{job="s"}
)`,
    options: NARROW,
  },
  {
    in: 'sum(task:errors:rate10s{job="s"}) without(job,foo)',
    out: `sum without (job, foo) (
  task:errors:rate10s{job="s"}
)`,
    options: NARROW,
  },
  {
    in: 'topk(10, ask:errors:rate10s{job="s"})',
    out: `topk(
  10,
  ask:errors:rate10s{job="s"}
)`,
    options: NARROW,
  },
  {
    in: 'sum by(job,foo) (sum by(job,foo) (task:errors:rate10s{job="s"}))',
    out: `sum by (job, foo) (
  sum by (job, foo) (
    task:errors:rate10s{job="s"}
  )
)`,
    options: NARROW,
  },
  // Binary expressions.
  { in: 'a+b', out: 'a + b', options: NARROW },
  {
    in: 'a == bool 1',
    out: `  a
== bool
  1`,
    options: NARROW,
  },
  {
    in: 'a + ignoring(job) b',
    out: `  a
+ ignoring (job)
  b`,
    options: NARROW,
  },
  {
    in: 'foo_1 + foo_2 + foo_3',
    out: `    foo_1
  +
    foo_2
+
  foo_3`,
    options: NARROW,
  },
  {
    in: 'foo + baar + foo_3',
    out: `  foo + baar
+
  foo_3`,
    options: NARROW,
  },
  {
    in: 'foo_1 + ignoring(foo) foo_2 + ignoring(job) group_left foo_3 + on(instance) group_right foo_4',
    out: `      foo_1
    + ignoring (foo)
      foo_2
  + ignoring (job) group_left ()
    foo_3
+ on (instance) group_right ()
  foo_4`,
    options: NARROW,
  },
  {
    in: 'left_side + fill(0) right_side',
    out: `  left_side
+ fill (0)
  right_side`,
    options: NARROW,
  },
  // Calls.
  {
    in: 'rate(foo[1m])',
    out: `rate(
  foo[1m]
)`,
    options: NARROW,
  },
  {
    in: 'histogram_quantile(0.9, rate(foo[1m]))',
    out: `histogram_quantile(
  0.9,
  rate(
    foo[1m]
  )
)`,
    options: NARROW,
  },
  {
    in: 'label_replace(up{job="api-server",service="a:c"}, "foo", "$1", "service", "(.*):.*")',
    out: `label_replace(
  up{job="api-server",service="a:c"},
  "foo",
  "$1",
  "service",
  "(.*):.*"
)`,
    options: NARROW,
  },
  // Subqueries.
  {
    in: 'max_over_time(rate(demo_api_request_duration_seconds_count[1m])[1m:] @ start() offset 1m)',
    out: `max_over_time(
  rate(
    demo_api_request_duration_seconds_count[1m]
  )[1m:] @ start() offset 1m
)`,
    options: NARROW,
  },
  {
    in: 'rate(long_vector_selector[10m:1m] @ start() offset 1m)',
    out: `rate(
  long_vector_selector[10m:1m] @ start() offset 1m
)`,
    options: NARROW,
  },
  {
    // Prometheus leaves a fitting subquery under a split parent unindented; we indent it.
    in: 'count_over_time(x[5m:])',
    out: `count_over_time(
  x[5m:]
)`,
    options: NARROW,
  },
  // Parentheses.
  { in: '(foo)', options: NARROW },
  {
    in: '((foo_long))',
    out: `(
  (foo_long)
)`,
    options: NARROW,
  },
  {
    in: '((_foo_long_))',
    out: `(
  (
    _foo_long_
  )
)`,
    options: NARROW,
  },
  { in: '(1 + 2)', options: NARROW },
  {
    in: '(1111 + 2222)',
    out: `(
    1111
  +
    2222
)`,
    options: NARROW,
  },
  {
    in: '((foo_long + bar_long) + bar_2_long)',
    out: `(
    (
        foo_long
      +
        bar_long
    )
  +
    bar_2_long
)`,
    options: NARROW,
  },
  // Unary.
  { in: '-1', options: NARROW },
  { in: '-vector_selector', options: NARROW },
  {
    in: '(-vector_selector)',
    out: `(
  -vector_selector
)`,
    options: NARROW,
  },
  {
    in: '-histogram_quantile(0.9, -rate(foo[1m] @ start()))',
    out: `-histogram_quantile(
  0.9,
  -rate(
    foo[1m] @ start()
  )
)`,
    options: NARROW,
  },
  // Selectors, modifiers and duration expressions are never split.
  { in: 'a @ 1', out: 'a @ 1.000', options: NARROW },
  { in: 'vector_selector @ start()', options: NARROW },
  {
    in: 'rate(foo[-5m+35m])',
    out: `rate(
  foo[-5m + 35m]
)`,
    options: NARROW,
  },
  // Real-world alerts at the default width of 100.
  {
    // 101 bytes: only the top node splits, its 92-byte left side fits.
    in: 'sum by (job) (rate(errors_total{code=~"5.."}[5m])) / sum by (job) (rate(requests_total[5m])) > 0.0005',
    out: `  sum by (job) (rate(errors_total{code=~"5.."}[5m])) / sum by (job) (rate(requests_total[5m]))
>
  0.0005`,
  },
  {
    // The same with a 104-byte left side, which splits in turn.
    in: 'sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0.05',
    out: `    sum by (job) (rate(http_requests_total{code=~"5.."}[5m]))
  /
    sum by (job) (rate(http_requests_total[5m]))
>
  0.05`,
  },
  { in: 'sum by (job) (rate(http_requests_total[5m])) > 0.05' },
  {
    in: 'min by (job, integration) (rate(alertmanager_notifications_failed_total{job="alertmanager", integration=~".*"}[5m]) / rate(alertmanager_notifications_total{job="alertmanager", integration="~.*"}[5m])) > 0.01',
    out: `  min by (job, integration) (
      rate(
        alertmanager_notifications_failed_total{integration=~".*",job="alertmanager"}[5m]
      )
    /
      rate(
        alertmanager_notifications_total{integration="~.*",job="alertmanager"}[5m]
      )
  )
>
  0.01`,
    options: NARROW,
  },
  {
    in: '(count by (job) (changes(process_start_time_seconds{job="alertmanager"}[10m]) > 4) / count by (job) (up{job="alertmanager"})) >= 0.5',
    out: `  (
      count by (job) (
          changes(
            process_start_time_seconds{job="alertmanager"}[10m]
          )
        >
          4
      )
    /
      count by (job) (
        up{job="alertmanager"}
      )
  )
>=
  0.5`,
    options: NARROW,
  },
  {
    in: 'predict_linear(node_filesystem_avail_bytes{job="node",fstype!=""}[6h], 24*60*60) < 0',
    out: `  predict_linear(
    node_filesystem_avail_bytes{fstype!="",job="node"}[6h],
      24 * 60
    *
      60
  )
<
  0`,
    options: NARROW,
  },
  {
    in: '1 - ((node_memory_MemAvailable_bytes{job="node"} or (node_memory_Buffers_bytes{job="node"} + node_memory_Cached_bytes{job="node"} + node_memory_MemFree_bytes{job="node"} + node_memory_Slab_bytes{job="node"}) ) / node_memory_MemTotal_bytes{job="node"})',
    out: `  1
-
  (
      (
          node_memory_MemAvailable_bytes{job="node"}
        or
          (
                  node_memory_Buffers_bytes{job="node"}
                +
                  node_memory_Cached_bytes{job="node"}
              +
                node_memory_MemFree_bytes{job="node"}
            +
              node_memory_Slab_bytes{job="node"}
          )
      )
    /
      node_memory_MemTotal_bytes{job="node"}
  )`,
    options: NARROW,
  },
  {
    // Comments are not part of the AST and disappear.
    in: `sum by(job,foo) # Comment 1.
(sum by(job,foo) ( # Comment 2.
task:errors:rate10s{job="s"}))`,
    out: `sum by (job, foo) (
  sum by (job, foo) (
    task:errors:rate10s{job="s"}
  )
)`,
    options: NARROW,
  },
  // Options: a custom indent, and widths measured in UTF-8 bytes.
  {
    in: 'sum by (job) (rate(x[5m]))',
    out: `sum by (job) (
\trate(
\t\tx[5m]
\t)
)`,
    options: { maxWidth: 10, indent: '\t' },
  },
  {
    in: 'abs(x{a="é"})',
    out: `abs(
  x{a="é"}
)`,
    options: { maxWidth: 13 },
  },
  { in: 'abs(x{a="e"})', options: { maxWidth: 13 } },
];

function parsed(text: string): Expr {
  const r = parseExpr(text);
  if (!r.expr) throw new Error(`${text}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.expr;
}

describe('prettyPrint', () => {
  it('has at least 25 rows', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(ROWS)('$in', (row) => {
    const out = prettyPrint(parsed(row.in), row.options);
    expect(out).toBe(row.out ?? row.in);
    // Pretty output is itself valid PromQL that prettifies to the same text.
    expect(prettyPrint(parsed(out), row.options)).toBe(out);
  });
});
