/** Folder or top-level file of src/ → its layer number, from docs/architecture.md's layer table. */
export function readLayerTable(text: string): Map<string, number>;
