import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Hang guards, not speed targets (those are `npm run bench`): the corpus
    // and differential tests take tens of seconds alone and several times
    // that on a loaded 2-core CI machine.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
