// Vendor keys are data, never object machinery. Looking vendor strings up in our tables: own keys
// only, so "__proto__" or "constructor" from a vendor finds nothing instead of Object.prototype.
import type { JsonValue } from '../../shared/task';

export function ownValue<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * A vendor record as the JSON a Task keeps in `raw`: values exactly as received, except that
 * every `__proto__` key is dropped (and `undefined` entries, which JSON has not). JSON.parse makes
 * `"__proto__"` an own key, but TaskSchema's records (zod) drop it, so keeping it would give a
 * Task that does not come back unchanged from its own schema (a persisted snapshot, IPC).
 */
export function plainJson(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map((item: unknown) => plainJson(item));
  if (typeof value !== 'object') return null;
  const copy: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(value)) {
    // Never assigned: `copy["__proto__"] = …` would set copy's prototype, not a key.
    if (key === '__proto__' || item === undefined) continue;
    copy[key] = plainJson(item);
  }
  return copy;
}
