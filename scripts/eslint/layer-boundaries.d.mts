/** Folder or top-level file of src/ → its layer number, from docs/architecture.md's layer table. */
export function readLayerTable(text: string): Map<string, number>;
/** A digest of the layer table and the folder import graph of src/ (part of ESLint's cache key). */
export function layerInputsDigest(): string;
