// Kept so existing imports keep working: the regex engine lives in
// src/regex/re2.ts (RE2 via re2js, linear time, dotMatchesNewline option).
export { compileAnchoredRegex, compileRegex, anchoredSource, DEFAULT_REGEX_LIMITS } from '../regex/re2.js';
export type { CompiledRegex, CompiledUnanchored, RegexOptions } from '../regex/re2.js';
