/**
 * @twinkle/phone: the phone engine.
 *
 * Configuration (Twinkle-compatible files in the config directory) and call history.
 */

export * from './addressbook/index.js';
export * from './conference/index.js';
export * from './config/index.js';
export * from './engine/index.js';
export * from './history/index.js';
export * from './media/index.js';
export * from './messaging/index.js';
export * from './nat/index.js';
export * from './presence/index.js';
export * from './scripts/index.js';
export * from './security/index.js';
export * from './services/index.js';
export * from './transfer/index.js';
