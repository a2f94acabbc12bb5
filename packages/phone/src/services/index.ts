/** The phone's services beyond calls: MWI and voice mail (and, through PhoneServices, messaging and presence). */
export type { MwiEvent, MwiSubscriptionEvent } from './mwi/mwi-events.js';
export { type MwiHost, MwiService, mailboxUri, mwiEvent } from './mwi/mwi-service.js';
export { formatCounts, formatMwiStatus, type MwiStatus } from './mwi/mwi-status.js';
export { PhoneServices } from './phone-services.js';
