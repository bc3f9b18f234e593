// A marked block of a doc: the text between `<!-- name:begin -->` and `<!-- name:end -->`.
export function docBlock(doc: string, name: string): string {
  const m = new RegExp(`<!-- ${name}:begin -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(doc);
  if (!m) throw new Error(`the doc has no ${name} block`);
  return m[1]!;
}
