// A form task's `formLayout` (form.io JSON) to fields and results. Walked by hand rather than with
// a schema: form.io layouts are open-ended, and a part we do not know must not fail the task.
import {
  JsonValueSchema,
  type FieldOption,
  type FieldType,
  type JsonValue,
  type TaskField,
  type TaskResult,
} from '../../../shared/task';
import { FORM_RESULT_BUTTON_ACTIONS } from '../assumptions/uipath';
import { ownValue } from '../own-key';

export interface ParsedForm {
  fields: TaskField[];
  results: TaskResult[];
  /** Input components Tasktray cannot render (data grids, signatures…), by type. */
  unsupported: string[];
  /** What the form's text components say (a request's description, its amount), as plain text. */
  text: string[];
}

/** HTML from a content component as plain text: tags dropped, common entities read. */
function plainText(html: string): string {
  return html
    .replace(/<(br|\/p|\/div|\/li)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

type JsonObject = { [key: string]: JsonValue };

const FIELD_TYPES: Record<string, FieldType> = {
  textfield: 'text',
  textarea: 'text',
  email: 'text',
  url: 'text',
  phoneNumber: 'text',
  number: 'number',
  currency: 'number',
  datetime: 'date',
  day: 'date',
  checkbox: 'boolean',
  select: 'select',
  radio: 'select',
  file: 'file',
};

/** Components that only lay others out (their children are walked) or show text. */
const LAYOUT_TYPES = new Set(['panel', 'fieldset', 'well', 'columns', 'table', 'tabs', 'form']);
const DISPLAY_TYPES = new Set(['content', 'htmlelement', 'hidden']);

const MAX_DEPTH = 20;

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: JsonValue | undefined): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** A layout sent as a JSON string is read as the object form is: through the JSON schema. */
function asLayout(layout: JsonValue | null): JsonValue | null {
  if (typeof layout !== 'string') return layout;
  try {
    // A bare JSON.parse would keep "__proto__" keys (in a default value, say) that the Task's
    // schema then drops: the Task would not survive its own schema unchanged.
    return JsonValueSchema.safeParse(JSON.parse(layout)).data ?? null;
  } catch {
    return null;
  }
}

/** The children of a component: `components`, `columns[].components`, `rows[][].components`. */
function children(component: JsonObject): JsonValue[] {
  const out: JsonValue[] = [];
  if (Array.isArray(component.components)) out.push(...component.components);
  if (Array.isArray(component.columns)) {
    for (const column of component.columns) {
      if (isObject(column) && Array.isArray(column.components)) out.push(...column.components);
    }
  }
  if (Array.isArray(component.rows)) {
    for (const row of component.rows) {
      for (const cell of Array.isArray(row) ? row : []) {
        if (isObject(cell) && Array.isArray(cell.components)) out.push(...cell.components);
      }
    }
  }
  return out;
}

function optionsOf(component: JsonObject): FieldOption[] {
  const source = isObject(component.data) ? component.data.values : component.values;
  if (!Array.isArray(source)) return [];
  const options: FieldOption[] = [];
  for (const option of source) {
    if (!isObject(option)) continue;
    const value = option.value;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      continue;
    options.push({ value: String(value), label: text(option.label) ?? String(value) });
  }
  return options;
}

function fieldOf(
  component: JsonObject,
  key: string,
  type: FieldType,
  data: Record<string, JsonValue>,
): TaskField {
  const validate = isObject(component.validate) ? component.validate : {};
  // The key is the vendor's: an own entry only, or "toString" would find Object.prototype's.
  const value = ownValue(data, key) ?? ownValue(component, 'defaultValue') ?? null;
  return {
    name: key,
    label: text(component.label) ?? key,
    type,
    required: validate.required === true,
    value,
    options: type === 'select' ? optionsOf(component) : [],
    description: text(component.description) ?? text(component.tooltip),
  };
}

export function parseFormLayout(
  layout: JsonValue | null,
  data: Record<string, JsonValue>,
): ParsedForm {
  const form: ParsedForm = { fields: [], results: [], unsupported: [], text: [] };
  const seenFields = new Set<string>();
  const seenResults = new Set<string>();

  const visit = (node: JsonValue, depth: number): void => {
    if (!isObject(node) || depth > MAX_DEPTH) return;
    const type = text(node.type) ?? '';
    const key = text(node.key);
    if (type === 'button') {
      // form.io buttons submit unless told otherwise.
      const action = text(node.action) ?? 'submit';
      if (key && FORM_RESULT_BUTTON_ACTIONS.includes(action) && !seenResults.has(key)) {
        seenResults.add(key);
        form.results.push({ code: key, label: text(node.label) ?? key });
      }
      return;
    }
    const fieldType = ownValue(FIELD_TYPES, type);
    if (fieldType && key) {
      if (!seenFields.has(key)) form.fields.push(fieldOf(node, key, fieldType, data));
      seenFields.add(key);
      return;
    }
    if (DISPLAY_TYPES.has(type)) {
      const shown = type === 'hidden' ? null : (text(node.html) ?? text(node.content));
      if (shown && plainText(shown) !== '') form.text.push(plainText(shown));
      return;
    }
    if (!LAYOUT_TYPES.has(type) && type !== '' && key && node.input !== false) {
      if (!form.unsupported.includes(type)) form.unsupported.push(type);
      return;
    }
    for (const child of children(node)) visit(child, depth + 1);
  };

  const root = asLayout(layout);
  if (Array.isArray(root)) for (const node of root) visit(node, 0);
  else if (root !== null) visit(root, 0);
  return form;
}
