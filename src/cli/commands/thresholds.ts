// `promforge thresholds`: fit alert thresholds from recorded samples and
// choose them by backtest for an alert budget.
import type { CommandModule } from '../program.js';
import { exitCode } from '../exit-codes.js';

interface ThresholdFlags {
  samples: string[];
  signal: string;
  by?: string;
  method: string;
  direction: string;
  for: string;
  budget?: string;
  incidents?: string;
  exclude?: string[];
  format: string;
  emitRules?: string;
  emitMode: string;
  interval: string;
  season: string;
  q?: string;
  k?: string;
  restartMask?: string;
  alertName: string;
  severity: string;
  start?: string;
  end?: string;
  report?: string;
}

const collect = (v: string, acc: string[] = []): string[] => [...acc, v];

export const thresholdsCommand: CommandModule = {
  register(program, ctx, setExit) {
    program
      .command('thresholds')
      .description('fit alert thresholds from recorded samples, chosen by backtest for an alert budget')
      .requiredOption('--samples <file>', 'recorded samples (repeatable): OpenMetrics (.om, .om.gz), Prometheus API JSON, .test load blocks', collect)
      .requiredOption('--signal <promql>', 'the PromQL signal the alert compares, e.g. deriv(go_goroutines[30m])')
      .option('--by <labels>', 'one threshold per value of these labels (comma-separated)')
      .option('--method <method>', 'quantile, sigma, mad, seasonal or slope', 'quantile')
      .option('--direction <direction>', 'upper, lower or both', 'upper')
      .option('--for <duration>', "the alert's for duration", '0s')
      .option('--budget <n/week>', 'choose the lowest threshold that would have fired at most N times per week')
      .option('--incidents <file>', 'YAML/JSON list of {start, end, labels?}: when the alert should fire')
      .option('--exclude <start..end>', 'leave a known-bad window out of fitting (repeatable)', collect)
      .option('--format <format>', 'text, json or yaml (the thresholds table rule packs read)', 'text')
      .option('--emit-rules <file>', 'write a Prometheus rule file with the fitted thresholds')
      .option('--emit-mode <mode>', 'alert (baked thresholds), join (threshold series + group_left) or band (live adaptive band)', 'alert')
      .option('--interval <duration>', 'evaluation interval of the signal', '1m')
      .option('--season <season>', 'seasonal baseline: day or week', 'day')
      .option('--q <quantile>', 'quantile for the quantile method without a budget (default 0.99)')
      .option('--k <multiplier>', 'multiplier for sigma/mad/seasonal without a budget (default 3)')
      .option('--restart-mask <duration>', 'ignore this long after a process restart (process_start_time_seconds); default 30m for slope, 0 otherwise')
      .option('--alert-name <name>', 'name of emitted alerts', 'FittedThreshold')
      .option('--severity <severity>', 'severity label of emitted alerts', 'warning')
      .option('--start <time>', 'start of the history to use')
      .option('--end <time>', 'end of the history to use')
      .option('--report <file>', 'write a self-contained HTML report: signal, threshold, budget curve and incidents per group')
      .action(async (flags: ThresholdFlags) => {
        const { runThresholdsCli } = await import('../../thresholds/cli.js');
        const r = await runThresholdsCli(flags, ctx.io);
        setExit(exitCode(r));
      });
  },
};
