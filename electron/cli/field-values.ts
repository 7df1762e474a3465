// `--field name=value` arguments, typed by the task's own form.
import type { JsonValue, TaskField } from '../../shared/task';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'on', 'sí', 'si']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off']);

function typed(field: TaskField | undefined, name: string, raw: string): JsonValue {
  switch (field?.type) {
    case 'number': {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value))
        throw new UsageError(`--field ${name}: "${raw}" is not a number.`);
      return value;
    }
    case 'boolean': {
      const lower = raw.trim().toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      throw new UsageError(`--field ${name}: "${raw}" is not true or false.`);
    }
    default:
      return raw;
  }
}

export function parseFieldArgs(args: string[], fields: TaskField[]): Record<string, JsonValue> {
  const data: Record<string, JsonValue> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UsageError(`--field expects name=value, got "${arg}".`);
    const name = arg.slice(0, eq);
    const field = fields.find((f) => f.name === name);
    if (!field && fields.length > 0) {
      throw new UsageError(
        `This task has no field "${name}". Its fields: ${fields.map((f) => f.name).join(', ')}.`,
      );
    }
    data[name] = typed(field, name, arg.slice(eq + 1));
  }
  return data;
}
