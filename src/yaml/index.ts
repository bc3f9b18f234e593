// YAML layer: parsing with positions and the scalar position mapper.
export { parseYaml, type ParsedYaml } from './parse.js';
export { SourceText, spanOf, type LineCol, type SourceSpan } from '../positions.js';
export { scalarSourceMap, scalarFileOffset, scalarPosition, scalarString, type ScalarSourceMap } from './scalar-map.js';
