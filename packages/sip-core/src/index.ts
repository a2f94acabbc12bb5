export type { ParseError, Result } from './grammar/result.js';
export { COMPACT_FORMS, canonicalHeaderName, headerKey } from './message/header-names.js';
