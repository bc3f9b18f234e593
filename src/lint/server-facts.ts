// What a server knows about the selectors of a rule set, gathered before
// linting (src/remote/collect-series-facts.ts does the I/O) so that lint checks stay
// synchronous and pure: for each selector, whether it matches series over
// the look-back window, and if not, why — the metric does not exist at all
// (with the closest names that do), or one matcher filters everything out
// (with the label values that do occur).

import type { VectorSelector } from '../promql/ast.js';
import { allMatchers } from '../promql/ast.js';
import { printMatchers } from '../promql/printer.js';

export type SelectorFacts =
  | { readonly kind: 'present'; readonly series: number }
  | { readonly kind: 'no-metric'; readonly name: string; readonly similar: readonly string[] }
  /** The metric exists but no series has this matcher's label match. */
  | {
      readonly kind: 'no-label-value';
      readonly matcher: { readonly name: string; readonly op: string; readonly value: string };
      readonly seen: readonly string[];
      readonly seenCount: number;
    }
  /** Each matcher alone matches something, all together nothing. */
  | { readonly kind: 'no-series' };

export interface ServerFacts {
  /** The server, for messages. */
  readonly server: string;
  /** How far back "exists" looks, in ms. */
  readonly windowMs: number;
  /** Keyed by `selectorKey`. */
  readonly selectors: ReadonlyMap<string, SelectorFacts>;
}

/** The key of a selector's matcher set (offsets and ranges do not matter for existence). */
export function selectorKey(vs: VectorSelector): string {
  return printMatchers(allMatchers(vs));
}
