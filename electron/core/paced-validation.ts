// Validating a vendor's reply without holding the thread: a list page of a hundred tasks parsed by
// its schema in one go takes tens of milliseconds, so an object whose fields include plain arrays
// (a page: `data`, `items`, `value`) has its envelope validated first and those arrays' items a
// slice at a time. What passes, what fails and the issues reported are those of the whole schema.
import { z } from 'zod';
import { pace } from './cooperative';

/** Arrays shorter than this are validated with their envelope, in one go (it is quick). */
const PACED_FROM = 32;
/** The issues a refusal names (describeZodIssues shows this many); more are not looked for. */
const ISSUES_WANTED = 3;

export type PacedResult<T> =
  { success: true; data: T } | { success: false; issues: readonly z.core.$ZodIssue[] };

interface Split {
  /** The object schema with each paced array accepting any items. */
  envelope: z.ZodType;
  /** The paced fields' item schemas, by field, in the object's field order. */
  items: Map<string, z.ZodType>;
  keys: readonly string[];
}

const splits = new WeakMap<z.ZodType, Split | null>();

/** An array field with no checks of its own (a length limit would be lost in the envelope). */
function plainArrayItem(field: unknown): z.ZodType | null {
  if (!(field instanceof z.ZodArray)) return null;
  const checks = (field._zod.def as { checks?: unknown[] }).checks;
  if (checks !== undefined && checks.length > 0) return null;
  return field.element as z.ZodType;
}

function split(schema: z.ZodType): Split | null {
  const known = splits.get(schema);
  if (known !== undefined) return known;
  let found: Split | null = null;
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, unknown>;
    const checks = (schema._zod.def as { checks?: unknown[] }).checks;
    const items = new Map<string, z.ZodType>();
    for (const [key, field] of Object.entries(shape)) {
      const item = plainArrayItem(field);
      if (item) items.set(key, item);
    }
    // A refinement of the whole object would see unvalidated items in the envelope.
    if (items.size > 0 && (checks === undefined || checks.length === 0)) {
      const loose: Record<string, z.ZodType> = {};
      for (const key of items.keys()) loose[key] = z.array(z.unknown());
      found = { envelope: schema.extend(loose), items, keys: Object.keys(shape) };
    }
  }
  splits.set(schema, found);
  return found;
}

function isLong(value: unknown, split: Split): boolean {
  if (value === null || typeof value !== 'object') return false;
  for (const key of split.items.keys()) {
    const field = (value as Record<string, unknown>)[key];
    if (Array.isArray(field) && field.length >= PACED_FROM) return true;
  }
  return false;
}

/**
 * `schema.safeParse(value)`, with the items of a page's arrays validated a slice at a time.
 * Issues come in the order the whole schema reports them (field order, then item order), up to
 * the first few: a refused page is refused with the same words.
 */
export async function safeParsePaced<T>(
  schema: z.ZodType<T>,
  value: unknown,
): Promise<PacedResult<T>> {
  // A page read through a preprocess or a transform (workflowsvc's): each stage in turn, as zod
  // runs a pipe, the page's own stage paced.
  if (schema instanceof z.ZodPipe) {
    const head = await safeParsePaced(schema.in as z.ZodType, value);
    if (!head.success) return head;
    return (await safeParsePaced(schema.out as z.ZodType, head.data)) as PacedResult<T>;
  }
  const parts = split(schema);
  if (!parts || !isLong(value, parts)) {
    const whole = schema.safeParse(value);
    return whole.success
      ? { success: true, data: whole.data }
      : { success: false, issues: whole.error.issues };
  }
  const envelope = parts.envelope.safeParse(value);
  const envelopeIssues = envelope.success ? [] : envelope.error.issues;
  // Not an object at all: nothing more to look at, as for the whole schema.
  if (!envelope.success && envelopeIssues.some((issue) => issue.path.length === 0))
    return { success: false, issues: envelopeIssues };
  const source = value as Record<string, unknown>;
  const parsedItems = new Map<string, unknown[]>();
  const itemIssues = new Map<string, z.core.$ZodIssue[]>();
  // Items' issues come before later fields' in the whole schema's report: count only those.
  let issueCount = 0;
  for (const [key, itemSchema] of parts.items) {
    const list = source[key];
    if (!Array.isArray(list)) continue;
    const out: unknown[] = new Array<unknown>(list.length);
    const issues: z.core.$ZodIssue[] = [];
    for (let i = 0; i < list.length && issueCount < ISSUES_WANTED; i += 1) {
      const item = itemSchema.safeParse(list[i]);
      if (item.success) out[i] = item.data;
      else {
        for (const issue of item.error.issues)
          issues.push({ ...issue, path: [key, i, ...issue.path] });
        issueCount += item.error.issues.length;
      }
      await pace();
    }
    parsedItems.set(key, out);
    itemIssues.set(key, issues);
  }
  if (issueCount === 0 && envelope.success) {
    const data = envelope.data as Record<string, unknown>;
    for (const [key, out] of parsedItems) data[key] = out;
    return { success: true, data: data as T };
  }
  // In the whole schema's order: field by field, then anything not tied to a declared field.
  const ordered: z.core.$ZodIssue[] = [];
  for (const key of parts.keys) {
    const fromItems = itemIssues.get(key);
    if (fromItems) ordered.push(...fromItems);
    else ordered.push(...envelopeIssues.filter((issue) => issue.path[0] === key));
  }
  ordered.push(...envelopeIssues.filter((issue) => !parts.keys.includes(String(issue.path[0]))));
  return { success: false, issues: ordered };
}
