// A bounded memo of recent results of a pure function of a text. One rule
// file's expressions and templates are parsed by several passes (validation,
// fmt's rewrite and its meaning check, lint, the evaluator, every template
// expansion); each pass asks again and gets the first answer.

/** At most `capacity` entries; the least recently used goes first. */
export class RecentResults<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  /** The value kept for `key`, or the one `make` returns (then kept). */
  get(key: string, make: () => V): V {
    let value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key); // most recently used last
    } else {
      value = make();
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, value);
    return value;
  }
}
