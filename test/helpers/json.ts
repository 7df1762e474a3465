// What a Task's `raw` should hold for a record: the record as sent, without `__proto__` keys
// (TaskSchema's zod records drop them, so a Task keeping one would not survive its own schema).
import type { JsonValue } from '../../shared/task';

export function withoutProtoKeys(value: unknown): JsonValue {
  if (Array.isArray(value)) return value.map(withoutProtoKeys);
  if (typeof value !== 'object' || value === null) return value as JsonValue;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, item]) => key !== '__proto__' && item !== undefined)
      .map(([key, item]) => [key, withoutProtoKeys(item)]),
  );
}
