// The command registry: every CLI command, in the order `--help` lists them.
import type { CommandModule } from '../program.js';

export const COMMANDS: readonly CommandModule[] = [];
