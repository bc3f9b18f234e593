// The order test files start in. With two workers the suite's wall time is
// set by how the long files are packed: one that starts last (the pre-commit
// hook test is a small file that takes over a minute) becomes the tail.
// Vitest orders by the durations it cached from an earlier run; a clean
// clone (CI) has none, and vitest then runs larger files first, which puts
// small slow files at the end. A file that knows it is slow says so on a
// line of its own, `// vitest: slow file`, and is started first when no
// duration is cached for it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const SLOW_FILE_MARKER = '// vitest: slow file';

/** Whether the file's text holds the marker as a whole line. */
export function declaresSlow(text: string): boolean {
  return text.split('\n').some((line) => line.trim() === SLOW_FILE_MARKER);
}

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const slow = new Set<TestSpecification>();
    for (const f of sorted) {
      const cached = this.ctx.cache.getFileTestResults(`${f.project.name}:${path.relative(this.ctx.config.root, f.moduleId)}`);
      if (cached) continue;
      try {
        if (declaresSlow(readFileSync(f.moduleId, 'utf8'))) slow.add(f);
      } catch {
        // Unreadable here: vitest reports it when it runs the file.
      }
    }
    return [...sorted.filter((f) => slow.has(f)), ...sorted.filter((f) => !slow.has(f))];
  }
}
