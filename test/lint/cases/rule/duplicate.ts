import type { CheckCases } from '../../harness.js';

const increase = (code: string): string =>
  `sum by (cluster, code, verb) (increase(apiserver_request_total{job="apiserver",verb=~"LIST|GET|POST|PUT|PATCH|DELETE",code=~"${code}"}[1h]))`;

export default {
  valid: [
    {
      groups: [
        {
          name: 'g',
          rules: [
            { record: 'job:up:sum', expr: 'sum by (job) (up)', labels: { env: 'prod' } },
            { record: 'job:up:sum', expr: 'sum by (job) (up)', labels: { env: 'dev' } },
            { alert: 'Down', expr: 'up{job="a"} == 0' },
            { alert: 'Down', expr: 'up{job="b"} == 0' },
          ],
        },
      ],
    },
    // kube-prometheus: one name, disjoint values of a label kept by the aggregation.
    {
      groups: [
        {
          name: 'apiserver',
          rules: [
            { record: 'code_verb:apiserver_request_total:increase1h', expr: increase('2..') },
            { record: 'code_verb:apiserver_request_total:increase1h', expr: increase('3..') },
            { record: 'code_verb:apiserver_request_total:increase1h', expr: increase('4..') },
          ],
        },
      ],
    },
    // Disjoint by equality on a kept label, and by a label one side cannot have but the other must.
    {
      groups: [
        {
          name: 'g',
          rules: [
            { record: 'x:rate5m', expr: 'sum by (env) (rate(x_total{env="prod"}[5m]))' },
            { record: 'x:rate5m', expr: 'sum by (env) (rate(x_total{env!="prod"}[5m]))' },
            { record: 'y:sum', expr: 'sum by (job) (y)' },
            { record: 'y:sum', expr: 'sum by (job, instance) (y{instance="a"})' },
          ],
        },
      ],
    },
    // Group labels tell the outputs apart.
    {
      groups: [
        { name: 'a', labels: { env: 'prod' }, rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] },
        { name: 'b', labels: { env: 'dev' }, rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] },
      ],
    },
    // Alerts on different metrics, or several selectors, are not compared.
    {
      groups: [
        {
          name: 'g',
          rules: [
            { alert: 'A', expr: 'up == 0 or node_up == 0' },
            { alert: 'A', expr: 'up == 0' },
            { alert: 'B', expr: 'x > 1' },
            { alert: 'B', expr: 'y > 1' },
          ],
        },
      ],
    },
  ],
  invalid: [
    {
      // GitLab's runbooks: a renamed metric recorded under the old rule name. The outputs meet only while
      // both metrics exist, so a warning; one metric read by both stays an error (below).
      groups: [
        {
          name: 'Rails mtail',
          rules: [
            { record: 'status:rails_requests_completed:rate1m', expr: 'sum without (instance) (rate(rails_requests_completed[1m]))' },
            { record: 'status:rails_requests_completed:rate1m', expr: 'sum without (instance) (rate(rails_requests_completed_seconds_count[1m]))' },
          ],
        },
      ],
      problems: [
        {
          message:
            'recording rule "status:rails_requests_completed:rate1m" can write the same series as the one in group "Rails mtail", rule 1 (status:rails_requests_completed:rate1m{}) whenever rails_requests_completed_seconds_count and rails_requests_completed both exist with the same labels: their samples then overwrite each other',
          field: 'name',
          rule: 'status:rails_requests_completed:rate1m',
          severity: 'warning',
        },
      ],
    },
    {
      // The same query twice (GitLab generates one rule into several services' files): the same values, written
      // twice. Prometheus accepts a sample equal to the one it has, so a warning.
      groups: [
        { name: 'a', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] },
        { name: 'b', rules: [{ record: 'job:up:sum', expr: 'sum by(job)(up)' }] },
      ],
      problems: [
        {
          message: 'recording rule "job:up:sum" duplicates the one in group "a", rule 1 (same query and labels): the series is computed twice',
          field: 'name',
          rule: 'job:up:sum',
          severity: 'warning',
        },
      ],
    },
    {
      // The same metric on both sides, whatever else differs: an error.
      groups: [
        {
          name: 'g',
          rules: [
            { record: 'r:sum', expr: 'sum(rate(a_total[1m]))' },
            { record: 'r:sum', expr: 'sum(rate(a_total[5m])) + sum(rate(b_total[5m]))' },
            { record: 's:sum', expr: 'sum(rate(a_total[1m]))' },
            { record: 's:sum', expr: 'sum(rate({job="x"}[1m]))' },
          ],
        },
      ],
      problems: [
        {
          message: 'recording rule "r:sum" can write the same series as the one in group "g", rule 1 (r:sum{}): their samples overwrite each other',
          field: 'name',
          rule: 'r:sum',
          severity: 'error',
        },
        {
          message: 'recording rule "s:sum" can write the same series as the one in group "g", rule 3 (s:sum{}): their samples overwrite each other',
          field: 'name',
          rule: 's:sum',
          severity: 'error',
        },
      ],
    },
    {
      groups: [
        { name: 'a', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] },
        { name: 'b', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up{env="x"})' }] },
      ],
      problems: [
        {
          message: 'recording rule "job:up:sum" can write the same series as the one in group "a", rule 1 (job:up:sum{}): their samples overwrite each other',
          field: 'name',
          rule: 'job:up:sum',
          severity: 'error',
        },
      ],
    },
    {
      // Overlapping regexes on a kept label: `verb="GET"` comes out of both.
      groups: [
        {
          name: 'g',
          labels: { env: 'prod' },
          rules: [
            { record: 'verb:req:rate5m', expr: 'sum by (verb) (rate(req_total{verb=~"GET|LIST"}[5m]))' },
            { record: 'verb:req:rate5m', expr: 'sum by (verb) (rate(req_total{verb=~"GET|POST"}[5m]))' },
          ],
        },
      ],
      problems: [
        {
          message:
            'recording rule "verb:req:rate5m" can write the same series as the one in group "g", rule 1 (verb:req:rate5m{env="prod", verb=~"GET|POST"}): their samples overwrite each other',
          field: 'name',
        },
      ],
    },
    {
      groups: [
        {
          name: 'g',
          rules: [
            { alert: 'Down', expr: 'up == 0', labels: { severity: 'page' } },
            { alert: 'Down', expr: 'up == 0 ', labels: { severity: 'page' } },
          ],
        },
      ],
      problems: [
        { message: 'alert "Down" duplicates the one in group "g", rule 1 (same query and labels): it fires twice', field: 'name', severity: 'warning' },
      ],
    },
    {
      // The same query formatted differently.
      groups: [
        {
          name: 'g',
          rules: [
            { alert: 'Down', expr: 'sum(up) by(job) == 0' },
            { alert: 'Down', expr: 'sum by (job) (up) == 0' },
          ],
        },
      ],
      problems: [
        { message: 'alert "Down" duplicates the one in group "g", rule 1 (same query and labels): it fires twice', field: 'name', severity: 'warning' },
      ],
    },
    {
      groups: [
        {
          name: 'g',
          rules: [
            { alert: 'Load', expr: 'node_load1{job="node"} > 5' },
            { alert: 'Load', expr: 'node_load1 > 10' },
          ],
        },
      ],
      problems: [
        {
          message:
            'alert "Load" can select the same series of "node_load1" as the one in group "g", rule 1 with the same labels: both create identical alerts that Alertmanager cannot tell apart',
          field: 'name',
          severity: 'warning',
        },
      ],
    },
  ],
} satisfies CheckCases;
