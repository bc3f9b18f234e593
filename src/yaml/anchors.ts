// Alias resolution in one pass over a document. The `yaml` package's
// `Alias.resolve(doc)` walks the whole document for every alias, so a file of
// 2,000 `*alias` rules took 10 s to check; here the document is walked once,
// anchors are kept per name in document order, and an alias takes the last
// definition before it (YAML's rule, and go-yaml's). The walk also records
// the size of every anchored subtree, which go-yaml's alias budget needs.
import { isAlias, isNode, visit, type Alias, type Document, type Node } from 'yaml';

interface Definition {
  readonly offset: number;
  readonly node: Node;
  /** Nodes in the subtree (keys and values, aliases counted as one). */
  readonly size: number;
}

export interface AnchorIndex {
  /** The node an alias refers to, or undefined for an unknown anchor. */
  resolve(alias: Alias): { node: Node; size: number } | undefined;
  /** Nodes in the whole document. */
  readonly nodeCount: number;
}

const cache = new WeakMap<Document, AnchorIndex>();

function subtreeSize(node: Node): number {
  let n = 0;
  visit(node, (_key, item) => {
    if (isNode(item)) n++;
  });
  return n;
}

export function anchorIndex(doc: Document): AnchorIndex {
  const cached = cache.get(doc);
  if (cached) return cached;
  const byName = new Map<string, Definition[]>();
  let nodeCount = 0;
  const anchored: Node[] = [];
  visit(doc, (_key, node) => {
    if (!isNode(node)) return;
    nodeCount++;
    if (!isAlias(node) && node.anchor) anchored.push(node);
  });
  for (const node of anchored) {
    const name = node.anchor as string;
    const list = byName.get(name) ?? [];
    list.push({ offset: node.range?.[0] ?? 0, node, size: subtreeSize(node) });
    byName.set(name, list);
  }
  for (const list of byName.values()) list.sort((a, b) => a.offset - b.offset);
  const index: AnchorIndex = {
    nodeCount,
    resolve(alias) {
      const list = byName.get(alias.source);
      if (!list) return undefined;
      const at = alias.range?.[0] ?? Number.MAX_SAFE_INTEGER;
      // Last definition starting before the alias (binary search).
      let lo = 0;
      let hi = list.length - 1;
      let found: Definition | undefined;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const d = list[mid] as Definition;
        if (d.offset < at) {
          found = d;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found ? { node: found.node, size: found.size } : undefined;
    },
  };
  cache.set(doc, index);
  return index;
}

/**
 * go-yaml's defence against alias bombs (decode.go): once more than 100 nodes
 * came through aliases and more than 1,000 were decoded, the share that came
 * through aliases may not pass 99% (up to 400,000 decoded nodes), falling
 * linearly to 10% at 4,000,000: "document contains excessive aliasing".
 */
export function excessiveAliasing(aliasCount: number, decodeCount: number): boolean {
  if (aliasCount <= 100 || decodeCount <= 1000) return false;
  const low = 400_000;
  const high = 4_000_000;
  const allowed = decodeCount <= low ? 0.99 : decodeCount >= high ? 0.1 : 0.99 - 0.89 * ((decodeCount - low) / (high - low));
  return aliasCount / decodeCount > allowed;
}
