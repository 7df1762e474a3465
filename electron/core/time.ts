// Vendor timestamps to exact instants. Temporal keeps nanoseconds (workflowsvc) and resolves
// zone-less local times (GeoTareas) in a named zone, DST included.
import { Temporal } from 'temporal-polyfill';
import { InstantSchema, type Instant } from '../../shared/task';

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO timestamp with a zone or offset; null for anything else. */
export function parseInstant(value: string | null | undefined): Instant | null {
  if (!value) return null;
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
