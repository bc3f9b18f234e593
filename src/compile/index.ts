// The rule-pack compiler's public API.
export { compilePacks } from './compile.js';
export { writeCompiled, checkOutput, type WriteOptions, type WriteResult, type CheckOutputResult } from './write.js';
export { GENERATED_MARKER, isGeneratedContent, outputFileName } from './emit.js';
export { injectSelector, injectGroupingLabels, type SelectorInjection } from './inject.js';
export { parsePromqlTemplate, substituteText } from './placeholders.js';
export { TARGETS, type Target, type CompileOptions, type CompileResult, type CompiledFile, type CompiledTest, type CompiledPackSummary } from './model.js';
export { preparePackTestInPlace, type PackTestInPlace } from './test-in-place.js';
export { packFileOfTest } from './pack-files.js';
export { runCompiledTests, type CompiledTestRun } from './run-tests.js';
export { PARAM_TYPES, type ParamType, type ParamValue } from './params.js';
