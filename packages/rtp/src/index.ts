export * from './packet/index.js';
export * from './srtp/index.js';
