// A small seeded PRNG (mulberry32) so generated data, queries and rule tests
// are identical on every run: a disagreement found once can be replayed.

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A random non-empty subset, in the original order. */
  subset<T>(items: readonly T[], max = items.length): T[] {
    const n = this.int(1, Math.min(max, items.length));
    const shuffled = items
      .map((x) => ({ x, k: this.next() }))
      .sort((a, b) => a.k - b.k)
      .slice(0, n);
    return items.filter((x) => shuffled.some((s) => s.x === x));
  }
}
