import type { CheckCases } from '../../harness.js';

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
  ],
  invalid: [
    {
      groups: [
        { name: 'a', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] },
        { name: 'b', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up{env="x"})' }] },
      ],
      problems: [
        {
          message: 'recording rule "job:up:sum" writes the same series as the one in group "a", rule 1: their samples overwrite each other',
          field: 'name',
          rule: 'job:up:sum',
          severity: 'error',
        },
      ],
    },
    {
      groups: [{ name: 'g', rules: [{ alert: 'Down', expr: 'up == 0', labels: { severity: 'page' } }, { alert: 'Down', expr: 'up == 0 ', labels: { severity: 'page' } }] }],
      problems: [{ message: 'alert "Down" duplicates the one in group "g", rule 1 (same query and labels): it fires twice', field: 'name', severity: 'warning' }],
    },
  ],
} satisfies CheckCases;
