import { ConfigError } from '../errors.js';

// Calendar dates as 'YYYY-MM-DD' strings. Day arithmetic is done on day numbers so the core
// never needs a Date object (and never depends on the host's time zone).

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a real calendar date written YYYY-MM-DD ("2019-13-01" and "2023-02-29" are not). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Days since 1970-01-01 (the proleptic Gregorian "days from civil" algorithm). */
function dayNumber(date: string): number {
  const [y0, m, d] = date.split('-').map(Number) as [number, number, number];
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Whole days from `from` to `to`; negative when `to` is earlier. Both must be valid dates. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(requireIsoDate(to, 'date')) - dayNumber(requireIsoDate(from, 'date'));
}

/** Returns the date, or throws a ConfigError naming `what` when it is not YYYY-MM-DD. */
export function requireIsoDate(date: string, what: string): string {
  if (!isIsoDate(date)) {
    throw new ConfigError(`invalid ${what} "${date}": expected a calendar date written YYYY-MM-DD, e.g. 2026-09-15`);
  }
  return date;
}
