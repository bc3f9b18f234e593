import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/support/slow-first-sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Hang guards, not speed targets (those are `npm run bench`): the corpus
    // and differential tests take tens of seconds alone and several times
    // that on a loaded 2-core CI machine.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on a
    // 2-core machine, where much of the suite waits on promtool, Prometheus
    // and Chromium child processes. Two workers keep both cores busy
    // (measured: 430 s → 260–300 s wall for the whole suite); three gained
    // under 10% more and made timing-sensitive child processes slower.
    maxWorkers: 2,
    // Test files share a worker's module instances instead of loading the
    // sources again for each of the ~130 files: 297 → 252 s wall and
    // 554 → 451 s CPU for the whole suite (import time 50 → 22 s). What src/
    // keeps at module level is caches (parses, regexes, label keys, output
    // label sets), lazily compiled schema validators and a temp-name counter,
    // none of which changes a result; the two test-only switches
    // (engine/fast-paths.ts, regression statistics) are reset by the files
    // that set them (afterEach), and the one file that sets environment
    // variables restores them.
    isolate: false,
    // The long files first (see the sequencer), so none of them is the tail.
    sequence: { sequencer: SlowFirstSequencer },
  },
});
