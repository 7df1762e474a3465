// `--field name=value` arguments, typed by the task's own form.
import { translator, type Translate } from '../../shared/i18n/translate';
import type { JsonValue, TaskField } from '../../shared/task';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'on', 'sí', 'si']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off']);

function typed(field: TaskField | undefined, name: string, raw: string, t: Translate): JsonValue {
  switch (field?.type) {
    case 'number': {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value))
        throw new UsageError(t('cli.fieldNotNumber', { name, value: raw }));
      return value;
    }
    case 'boolean': {
      const lower = raw.trim().toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      throw new UsageError(t('cli.fieldNotBoolean', { name, value: raw }));
    }
    default:
      return raw;
  }
}

export function parseFieldArgs(
  args: string[],
  fields: TaskField[],
  t: Translate = translator('en'),
): Record<string, JsonValue> {
  const data: Record<string, JsonValue> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UsageError(t('cli.fieldNoEquals', { value: arg }));
    const name = arg.slice(0, eq);
    const field = fields.find((f) => f.name === name);
    if (!field && fields.length > 0) {
      throw new UsageError(
        t('cli.fieldUnknown', { name, fields: fields.map((f) => f.name).join(', ') }),
      );
    }
    data[name] = typed(field, name, arg.slice(eq + 1), t);
  }
  return data;
}
