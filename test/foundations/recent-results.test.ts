// The bounded memo behind the PromQL and template parse caches: a value is
// made once per key while it is kept, the least recently used key goes first
// when the memo is full, and a read counts as a use.
import { describe, expect, it } from 'vitest';
import { RecentResults } from '../../src/recent-results.js';

describe('RecentResults', () => {
  it('makes a value once per kept key and evicts the least recently used', () => {
    const made: string[] = [];
    const memo = new RecentResults<{ key: string }>(2);
    const get = (key: string) =>
      memo.get(key, () => {
        made.push(key);
        return { key };
      });
    const a = get('a');
    expect(get('a')).toBe(a);
    get('b');
    get('a'); // a is now the most recently used
    get('c'); // evicts b
    expect(made).toEqual(['a', 'b', 'c']);
    expect(get('a')).toBe(a);
    get('b');
    expect(made).toEqual(['a', 'b', 'c', 'b']);
    get('a');
    expect(made).toEqual(['a', 'b', 'c', 'b']); // c went when b came back; a was used last
    get('c');
    expect(made).toEqual(['a', 'b', 'c', 'b', 'c']);
  });
});
