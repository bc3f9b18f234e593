// The command registry: every CLI command, in the order `--help` lists them.
import type { CommandModule } from '../program.js';
import { parseCommand } from './parse.js';

export const COMMANDS: readonly CommandModule[] = [parseCommand];
