// Vendor timestamps to exact instants. Temporal keeps nanoseconds (workflowsvc) and resolves
// zone-less local times (GeoTareas) in a named zone, DST included.
import { Temporal } from 'temporal-polyfill';
import { InstantSchema, type Instant } from '../../shared/task';

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Every poll reads the same timestamps again (a thousand tasks, several each), and Temporal is
 * slow to parse: answers are remembered, up to this many, then forgotten all at once.
 */
export const PARSED_TIMES_KEPT = 50_000;
const zonedTimes = new Map<string, Instant | null>();
/** By zone, then text: a zone-less time is a different instant in each zone. */
const localTimes = new Map<string, Map<string, Instant | null>>();

function remembered(
  cache: Map<string, Instant | null>,
  key: string,
  parse: () => Instant | null,
): Instant | null {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = parse();
  if (cache.size >= PARSED_TIMES_KEPT) cache.clear();
  cache.set(key, value);
  return value;
}

/** An ISO timestamp with a zone or offset; null for anything else. */
export function parseInstant(value: string | null | undefined): Instant | null {
  if (!value) return null;
  return remembered(zonedTimes, value, () => parseZoned(value));
}

function parseZoned(value: string): Instant | null {
  const text = value.trim().replace(' ', 'T');
  if (!HAS_ZONE.test(text)) return null;
  try {
    return checked(Temporal.Instant.from(text).toString());
  } catch {
    return null;
  }
}

/** Temporal accepts years past 9999 (`+010000-…`); the task model does not. */
function checked(instant: string): Instant | null {
  return InstantSchema.safeParse(instant).success ? instant : null;
}

/**
 * A timestamp that may lack a zone: one with a zone is taken as is, one without is read as
 * wall-clock time in `timeZone` (an IANA name). Null when it is not a timestamp.
 */
export function parseLocalOrInstant(
  value: string | null | undefined,
  timeZone: string,
): Instant | null {
  if (!value) return null;
  const text = value.trim().replace(' ', 'T');
  if (HAS_ZONE.test(text)) return parseInstant(text);
  let inZone = localTimes.get(timeZone);
  if (!inZone) {
    inZone = new Map();
    localTimes.set(timeZone, inZone);
  }
  return remembered(inZone, text, () => parseLocal(text, timeZone));
}

function parseLocal(text: string, timeZone: string): Instant | null {
  try {
    return checked(
      Temporal.PlainDateTime.from(text)
        .toZonedDateTime(timeZone, { disambiguation: 'compatible' })
        .toInstant()
        .toString(),
    );
  } catch {
    return null;
  }
}

export function msToInstant(ms: number): Instant {
  return Temporal.Instant.fromEpochMilliseconds(ms).toString();
}

/** The machine's IANA time zone. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
