// The command registry: every CLI command, in the order `--help` lists them.
import type { CommandModule } from '../program.js';
import { parseCommand } from './parse.js';
import { checkCommand } from './check.js';
import { fmtCommand } from './fmt.js';
import { lintCommand } from './lint.js';
import { generateFixturesCommand } from './generate-fixtures.js';
import { testCommand } from './test.js';
import { compileCommand } from './compile.js';
import { dryrunCommand } from './dryrun.js';
import { thresholdsCommand } from './thresholds.js';
import { scoreCommand } from './score.js';
import { promqltestCommand } from './promqltest.js';
import { queryCommand } from './query.js';
import { recordCommand } from './record.js';

export const COMMANDS: readonly CommandModule[] = [
  parseCommand,
  checkCommand,
  lintCommand,
  fmtCommand,
  compileCommand,
  testCommand,
  dryrunCommand,
  recordCommand,
  thresholdsCommand,
  scoreCommand,
  queryCommand,
  promqltestCommand,
  generateFixturesCommand,
];
