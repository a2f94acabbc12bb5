export * from './dtmf/index.js';
export * from './jitter/index.js';
export * from './packet/index.js';
export * from './rtcp/index.js';
export * from './session/index.js';
export * from './srtp/index.js';
