/**
 * Date (RFC 3261 section 20.17): an RFC 1123 date in GMT only.
 */
import { fail, ok, type Result } from '../grammar/result.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const SIP_DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

/**
 * Parses `wkday "," SP date1 SP time SP "GMT"` (e.g. `Sat, 13 Nov 2010 23:29:00 GMT`).
 * Any zone but GMT is an error (RFC 4475 baddate uses EST), so is an
 * impossible date or a weekday that does not match the date.
 */
export const parseSipDate = (value: string): Result<Date> => {
  const m = SIP_DATE.exec(value);
  if (!m) return fail('bad-date', 'bad Date', 0);
  const month = MONTHS.indexOf(m[3]!);
  if (month < 0) return fail('bad-date', 'bad month in Date', 8);
  const [day, year, h, min, s] = [m[2], m[4], m[5], m[6], m[7]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const t = Date.UTC(year, month, day, h, min, s);
  const d = new Date(t);
  if (d.getUTCDate() !== day || d.getUTCMonth() !== month || h > 23 || min > 59 || s > 59)
    return fail('bad-date', 'impossible Date', 5);
  if (DAYS[d.getUTCDay()] !== m[1]) return fail('bad-date', 'weekday does not match Date', 0);
  return ok(d);
};

/** Serializes a Date header value (RFC 1123, GMT). */
export const formatSipDate = (d: Date): string => d.toUTCString();
