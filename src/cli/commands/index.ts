// The command registry: every CLI command, in the order `--help` lists them.
import type { CommandModule } from '../program.js';
import { parseCommand } from './parse.js';
import { checkCommand } from './check.js';
import { fmtCommand } from './fmt.js';
import { generateFixturesCommand } from './generate-fixtures.js';
import { testCommand } from './test.js';
import { dryrunCommand } from './dryrun.js';

export const COMMANDS: readonly CommandModule[] = [parseCommand, checkCommand, fmtCommand, testCommand, dryrunCommand, generateFixturesCommand];
