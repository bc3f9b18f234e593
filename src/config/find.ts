// Finding `.promforge.yaml` without loading the YAML parser and the config
// schema: most runs have no config file, and `lint --cache` answers from the
// cache with neither loaded.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { LoadedConfig, PromforgeConfig } from './load.js';

export const CONFIG_FILE_NAMES = ['.promforge.yaml', '.promforge.yml'];

export function emptyConfig(dir: string): PromforgeConfig {
  return { dir, include: [], exclude: [], checks: new Map() };
}

/** The nearest config file at or above `startDir`. */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** loadConfig, importing the loader only when there is a config file to read. */
export async function loadConfigWhenPresent(cwd: string, explicitPath?: string): Promise<LoadedConfig> {
  if (explicitPath === undefined && findConfigFile(cwd) === undefined) return { config: emptyConfig(cwd), diagnostics: [] };
  return (await import('./load.js')).loadConfig(cwd, explicitPath);
}
