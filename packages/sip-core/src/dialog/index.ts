/** Dialogs (RFC 3261 section 12): state, in-dialog requests, matching and forking. */
export {
  type DestinationResolver,
  Dialog,
  type DialogContext,
  type DialogInit,
  type DialogUsage,
  type InDialogRequestOptions,
  type LocalAddressOf,
  protocolForUri,
  TARGET_REFRESH_METHODS,
} from './dialog.js';
export { type DialogId, dialogIdOfRequest, dialogIdOfResponse, dialogKey } from './dialog-id.js';
export { DialogRegistry } from './dialog-registry.js';
export { DIALOG_TABLE, type DialogInput, type DialogState } from './dialog-state.js';
export { DialogError, type DialogErrorCode } from './errors.js';
export {
  cryptoRandomBytes,
  initialCSeq,
  makeBranch,
  makeCallId,
  makeTag,
  makeToken,
  type RandomBytes as DialogRandom,
} from './random.js';
