/**
 * The freedesktop.org desktop entry that makes the phone the handler of
 * sip:, sips:, tel: and callto: links (Desktop Entry Specification;
 * x-scheme-handler/* MIME types, as xdg-open looks them up).
 */
import { URL_SCHEMES } from './url.js';

/** The file name under applications/. */
export const DESKTOP_FILE = 'twinkle-url-handler.desktop';

/** The MIME types the entry handles. */
export const URL_MIME_TYPES: readonly string[] = URL_SCHEMES.map((s) => `x-scheme-handler/${s}`);

/**
 * One Exec argument (spec "The Exec key"): quoted when it holds a reserved
 * character; inside quotes `"`, `` ` ``, `$` and `\` are escaped with `\`;
 * `%` is doubled, as field codes use it. The file's own escape rules then
 * double each `\` again (string values: `\\` is a backslash).
 */
export function execArgument(arg: string): string {
  const pct = arg.replace(/%/g, '%%');
  const quoted =
    /[\s"'\\><~|&;$*?#()`]/.test(pct) || pct === '' ? `"${pct.replace(/["`$\\]/g, (c) => `\\${c}`)}"` : pct;
  return quoted.replace(/\\/g, '\\\\');
}

/** The entry's text; `command` is the program and its first arguments (absolute paths). */
export function desktopEntry(command: readonly string[]): string {
  const exec = [...command.map(execArgument), '--call', '%u'].join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Twinkle',
    'GenericName=SIP Soft Phone',
    'Comment=Call sip:, tel: and callto: links with the Twinkle console phone',
    `Exec=${exec}`,
    // The console phone needs a terminal when no instance runs yet.
    'Terminal=true',
    'NoDisplay=true',
    'Categories=Network;Telephony;',
    `MimeType=${URL_MIME_TYPES.join(';')};`,
    '',
  ].join('\n');
}
