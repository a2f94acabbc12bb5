import type { ConfigDiagnostic } from './diagnostic.js';
import { boolField, type FieldSpec, repeatedField } from './field-types.js';
import type { KvDocument, TableValues } from './kv-document.js';
import { kvFileFormat } from './kv-file-format.js';

// Keys of a profile's service file `<profile>.svc`, from Twinkle's
// src/service.cpp: cf_always, cf_busy, cf_noanswer (one line per destination;
// a redirection is active when it has a destination), dnd, auto_answer.
// Twinkle writes no comments in this file.

/**
 * A redirection destination as Twinkle writes it (t_display_url::encode):
 * `sip:bob@example.com` or `"Bob" <sip:bob@example.com>`; Twinkle also reads
 * short forms (`bob`, `0612345678`) expanded with the profile's domain.
 */
const destinationField: FieldSpec<string> = {
  key: 'destination',
  defaultValue: '',
  repeated: false,
  parse: (t) => (t === '' ? { ok: false, reason: 'empty destination' } : { ok: true, value: t }),
  format: (v) => v,
};

/** Every service key, by property name. */
export const SERVICE_FIELDS = {
  /** Redirect every call (unconditional forwarding). */
  cfAlways: repeatedField('cf_always', destinationField),
  /** Redirect when busy. */
  cfBusy: repeatedField('cf_busy', destinationField),
  /** Redirect when not answered within the profile's timer_noanswer. */
  cfNoanswer: repeatedField('cf_noanswer', destinationField),
  /** Do not disturb: incoming calls get 480. */
  dnd: boolField('dnd', false),
  /** Answer incoming calls at once. */
  autoAnswer: boolField('auto_answer', false),
} as const;

const SERVICE_LAYOUT: readonly string[] = ['cfAlways', 'cfBusy', 'cfNoanswer', 'dnd', 'autoAnswer'];

/** A profile's services (`<profile>.svc`). A redirection is on when its list is not empty. */
export type Services = TableValues<typeof SERVICE_FIELDS>;

const SERVICES_FILE = kvFileFormat(SERVICE_FIELDS, SERVICE_LAYOUT);

/** All services off. */
export const defaultServices = (): Services => SERVICES_FILE.defaults();

/** Parses `.svc` text. Never throws. */
export const parseServices = (
  text: string,
  file: string,
): { services: Services; document: KvDocument; diagnostics: readonly ConfigDiagnostic[] } => {
  const r = SERVICES_FILE.parse(text, file);
  return { services: r.values, document: r.document, diagnostics: r.diagnostics };
};

/** Text for services: in place when a document is given, else Twinkle's layout. */
export const serializeServices = (services: Services, document?: KvDocument): string =>
  SERVICES_FILE.serialize(services, document);
