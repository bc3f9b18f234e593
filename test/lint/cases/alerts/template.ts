import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { rule: { alert: 'A', expr: 'up == 0', annotations: { summary: 'Instance {{ $labels.instance }} of {{ $labels.job }} is down' } } },
    { rule: { alert: 'A', expr: 'sum by (job) (up) == 0', labels: { team: 'x' }, annotations: { summary: '{{ $labels.job }}: {{ $value | humanize }}' } } },
    // The query can have the label: $labels shows the query's value.
    { rule: { alert: 'A', expr: 'up == 0', labels: { instance: 'x' }, annotations: { summary: '{{ $labels.instance }}' } } },
    // Inside range, .Labels belongs to the query result.
    { rule: { alert: 'A', expr: 'sum(up) == 0', annotations: { description: '{{ range query "up == 0" }}{{ .Labels.instance }} {{ end }}' } } },
    { rule: { alert: 'A', expr: 'absent(up{job="api"})', annotations: { summary: '{{ $labels.job }} is gone' } } },
    // Formatted values of rates, sizes and durations need no hint; a count is readable as it is.
    { rule: { alert: 'A', expr: 'rate(errors_total[5m]) > 0', annotations: { summary: '{{ $value | humanize }} / {{ printf "%.2f" $value }}' } } },
    { rule: { alert: 'A', expr: 'count(rate(errors_total[5m]) > 0) > 3', annotations: { summary: '{{ $value }} series' } } },
    { rule: { alert: 'A', expr: 'node_filesystem_avail_bytes < 1e9', annotations: { summary: '{{ $value | humanize1024 }}B left' } } },
    // A query built with printf: the verb is filled with a placeholder, the query parses and keeps instance.
    {
      rule: {
        alert: 'A',
        expr: 'up == 0',
        annotations: { summary: '{{ with printf "up{job=\'%s\'}" .Labels.job | query }}{{ . | first | label "instance" }}{{ end }}' },
      },
    },
    // Every "or" branch can have job.
    { rule: { alert: 'A', expr: 'up{job="a"} == 0 or absent(up{job="b"})', annotations: { summary: '{{ $labels.job }}' } } },
    // The "or" is inside the aggregation: one branch, with job.
    { rule: { alert: 'A', expr: 'sum by (job) (up or vector(1)) == 0', annotations: { summary: '{{ $labels.job }}' } } },
  ],
  invalid: [
    {
      rule: { alert: 'A', expr: 'sum by (job) (up) == 0', annotations: { summary: 'Instance {{ $labels.instance }} down' } },
      problems: [
        {
          message: 'template uses label "instance" which the query result cannot have (the query can only have "job"): it renders empty',
          field: 'annotations',
          key: 'summary',
          start: 20,
          end: 28,
          severity: 'warning',
        },
      ],
    },
    {
      rule: { alert: 'A', expr: 'up == 0', labels: { current: '{{ $value }}' } },
      problems: [
        {
          message: 'label uses the alert value: every value change creates a new alert (it resolves and fires again); put it in an annotation',
          field: 'labels',
          key: 'current',
          start: 3,
          end: 9,
        },
      ],
    },
    {
      rule: { alert: 'A', expr: 'up == 0', annotations: { summary: '{{ $value | humanizePercent }}' } },
      problems: [
        {
          message: 'template does not parse: function "humanizePercent" not defined',
          field: 'annotations',
          key: 'summary',
          start: 12,
          end: 27,
          severity: 'error',
        },
      ],
    },
    {
      rule: { alert: 'A', expr: 'absent(up{job="api"})', annotations: { summary: '{{ index $labels "pod" }} restarting' } },
      problems: [
        {
          message: 'template uses label "pod" which the query result cannot have (the query can only have "job"): it renders empty',
          field: 'annotations',
          key: 'summary',
          start: 18,
          end: 21,
        },
      ],
    },
    {
      // Prometheus expands templates with the query result's labels only: the rule's own labels are not in $labels.
      rule: { alert: 'A', expr: 'sum by (job) (up) == 0', labels: { team: 'x' }, annotations: { summary: '{{ $labels.team }}' } },
      problems: [
        {
          message:
            'template uses label "team" which the query result cannot have (the query can only have "job"); the rule\'s own labels: are added after templates are expanded, so they are not visible as $labels: it renders empty',
          field: 'annotations',
          key: 'summary',
          start: 11,
          end: 15,
        },
      ],
    },
    {
      // Group labels neither.
      groups: [{ name: 'g', labels: { team: 'x' }, rules: [{ alert: 'A', expr: 'sum(up) == 0', annotations: { summary: '{{ $labels.team }}' } }] }],
      problems: [
        {
          message:
            'template uses label "team" which the query result cannot have (the query has no labels); the rule\'s own labels: are added after templates are expanded, so they are not visible as $labels: it renders empty',
          field: 'annotations',
          key: 'summary',
          start: 11,
          end: 15,
        },
      ],
    },
    {
      // pint: "label may be missing" across or branches; x < on() y keeps no labels (Prometheus resultMetric).
      rule: { alert: 'A', expr: 'up == 0 or sum(up) < on () count(up) * 0.5', annotations: { summary: '{{ $labels.instance }}' } },
      problems: [
        {
          message: 'template uses label "instance" which one branch of "or" cannot have (it has no labels): alerts from that branch render it empty',
          field: 'annotations',
          key: 'summary',
          start: 11,
          end: 19,
          severity: 'warning',
        },
      ],
    },
    {
      rule: { alert: 'A', expr: 'up == 0', annotations: { summary: '{{ query "up xxx" }}' } },
      problems: [
        {
          message: 'template query does not parse: unexpected identifier "xxx" (in "up xxx"): Prometheus expands the whole template to an error',
          field: 'annotations',
          key: 'summary',
          start: 13,
          end: 16,
          severity: 'error',
        },
      ],
    },
    {
      rule: { alert: 'A', expr: 'up == 0', annotations: { summary: '{{ range query "sum(up)" }}{{ .Labels.instance }}{{ end }}' } },
      problems: [
        {
          message: 'template reads label "instance" from the result of query "sum(up)", which has no labels: it renders empty',
          field: 'annotations',
          key: 'summary',
          start: 38,
          end: 46,
          severity: 'warning',
        },
      ],
    },
    {
      rule: { alert: 'A', expr: 'up == 0', annotations: { summary: 'x\n{{ nil }}', description: '{{ $value | first }}' } },
      problems: [
        { message: 'template fails when executed: nil is not a command', field: 'annotations', key: 'summary', start: 5, end: 8, severity: 'error' },
        {
          message: 'template fails when executed: first: wrong type for value; expected template.queryResult; got float64',
          field: 'annotations',
          key: 'description',
          start: 12,
          end: 17,
          severity: 'error',
        },
      ],
    },
    {
      rule: { alert: 'A', expr: 'sum by (job) (rate(errors_total[5m])) > 1', annotations: { summary: 'Seeing {{ $value }} errors/s' } },
      problems: [
        {
          message: '$value is a per-second rate (from rate()), printed raw it is hard to read: use {{ $value | humanize }} or {{ printf "%.2f" $value }}',
          field: 'annotations',
          key: 'summary',
          start: 10,
          end: 16,
          severity: 'info',
        },
      ],
    },
    {
      rule: { alert: 'A', expr: 'node_filesystem_avail_bytes < 1e9', annotations: { summary: '{{ .Value }} left' } },
      problems: [
        {
          message: '$value is a size in bytes (from node_filesystem_avail_bytes), printed raw it is hard to read: use {{ $value | humanize1024 }}',
          field: 'annotations',
          key: 'summary',
          start: 3,
          end: 9,
          severity: 'info',
        },
      ],
    },
    {
      // The unit comes through the recording rule.
      groups: [
        {
          name: 'g',
          rules: [
            { record: 'job:backup_age:seconds', expr: 'time() - max by (job) (backup_last_success_timestamp_seconds)' },
            { alert: 'A', expr: 'job:backup_age:seconds > 86400', annotations: { summary: 'last backup {{ $value }} ago' } },
          ],
        },
      ],
      problems: [
        {
          rule: 'A',
          message:
            '$value is a duration in seconds (from time() - max by (job) (backup_last_success_timestamp_seconds)), printed raw it is hard to read: use {{ $value | humanizeDuration }}',
          field: 'annotations',
          key: 'summary',
          start: 15,
          end: 21,
          severity: 'info',
        },
      ],
    },
  ],
} satisfies CheckCases;
