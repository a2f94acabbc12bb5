/** Presence and busy lamps (RFC 4235): buddy lists (`<profile>.bud`), PIDF (RFC 3863), subscriptions (RFC 3856) and PUBLISH (RFC 3903). */
export { type Buddy, formatBuddyList, parseBuddyList, readBuddyList, writeBuddyList } from './buddy-list.js';
export {
  DIALOG_INFO_TYPE,
  type DialogEntry,
  type DialogInfoDocument,
  DialogInfoTracker,
  type DialogStateName,
  type LampState,
  parseDialogInfo,
} from './dialog-info.js';
export { type DialogStateEvent, DialogWatch, type DialogWatchHost, type LampStatus } from './dialog-watch.js';
export { basicState, formatPidf, PIDF_TYPE, type PidfDocument, type PidfTuple, parsePidf } from './pidf.js';
export type { BuddyState, PresenceEvent, PresencePublishEvent } from './presence-events.js';
export { type BuddyStatus, type PresenceHost, PresenceService } from './presence-service.js';
