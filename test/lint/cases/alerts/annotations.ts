import type { CheckCases } from '../../harness.js';

export default {
  valid: [
    { rule: { alert: 'A', expr: 'up == 0', annotations: { summary: 's', description: 'd' } } },
    { rule: { alert: 'A', expr: 'up == 0', annotations: { summary: 's' } }, options: { required: ['summary'] } },
    {
      rule: { alert: 'A', expr: 'up == 0', annotations: { summary: 's', description: 'd', runbook_url: 'https://runbooks/x' } },
      options: { patterns: { runbook_url: 'https://.+' } },
    },
    { record: 'job:up:sum', expr: 'sum by (job) (up)', options: { required: ['summary'] } },
    // Nothing is required until configured.
    { rule: { alert: 'A', expr: 'up == 0' } },
  ],
  invalid: [
    {
      rule: { alert: 'A', expr: 'up == 0', annotations: { summary: 's' } },
      options: { required: ['summary', 'description'] },
      problems: [{ message: 'alert is missing the "description" annotation', field: 'annotations' }],
    },
    {
      rule: { alert: 'A', expr: 'up == 0', annotations: { summary: ' ', description: 'd' } },
      options: { required: ['summary'] },
      problems: [{ message: 'annotation "summary" is empty', field: 'annotations', key: 'summary' }],
    },
    {
      rule: { alert: 'A', expr: 'up == 0', annotations: { summary: 's', description: 'd', runbook_url: 'wiki/x' } },
      options: { patterns: { runbook_url: 'https://.+' } },
      problems: [
        { message: 'annotation "runbook_url" does not match the required pattern "https://.+"', field: 'annotations', key: 'runbook_url', severity: 'warning' },
      ],
    },
  ],
} satisfies CheckCases;
