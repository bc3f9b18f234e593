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
  ],
  invalid: [
    {
      rule: { alert: 'A', expr: 'sum by (job) (up) == 0', annotations: { summary: 'Instance {{ $labels.instance }} down' } },
      problems: [
        { message: 'template uses label "instance" which the query result cannot have (the query can only have "job"): it renders empty', field: 'annotations', key: 'summary', start: 20, end: 28, severity: 'warning' },
      ],
    },
    {
      rule: { alert: 'A', expr: 'up == 0', labels: { current: '{{ $value }}' } },
      problems: [
        { message: 'label uses the alert value: every value change creates a new alert (it resolves and fires again); put it in an annotation', field: 'labels', key: 'current', start: 3, end: 9 },
      ],
    },
    {
      rule: { alert: 'A', expr: 'up == 0', annotations: { summary: '{{ $value | humanizePercent }}' } },
      problems: [{ message: 'template does not parse: function "humanizePercent" not defined', field: 'annotations', key: 'summary', start: 12, end: 27, severity: 'error' }],
    },
    {
      rule: { alert: 'A', expr: 'absent(up{job="api"})', annotations: { summary: '{{ index $labels "pod" }} restarting' } },
      problems: [{ message: 'template uses label "pod" which the query result cannot have (the query can only have "job"): it renders empty', field: 'annotations', key: 'summary', start: 18, end: 21 }],
    },
    {
      // Prometheus expands templates with the query result's labels only: the rule's own labels are not in $labels.
      rule: { alert: 'A', expr: 'sum by (job) (up) == 0', labels: { team: 'x' }, annotations: { summary: '{{ $labels.team }}' } },
      problems: [
        {
          message: 'template uses label "team" which the query result cannot have (the query can only have "job"); the rule\'s own labels: are added after templates are expanded, so they are not visible as $labels: it renders empty',
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
          message: 'template uses label "team" which the query result cannot have (the query has no labels); the rule\'s own labels: are added after templates are expanded, so they are not visible as $labels: it renders empty',
          field: 'annotations',
          key: 'summary',
          start: 11,
          end: 15,
        },
      ],
    },
  ],
} satisfies CheckCases;
