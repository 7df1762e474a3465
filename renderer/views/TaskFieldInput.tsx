// One of a vendor form's typed fields as its control: a checkbox, a drop-down, a file (read as a
// data URL, refused past the size the engine takes) or a text, number or date input.
import type { TaskField } from '../../shared/task';
import { MAX_FILE_BYTES } from './completion-values';
import { Field, RequiredMark } from './Field';

export function TaskFieldInput(props: {
  id: string;
  field: TaskField;
  value: string | boolean;
  error: string | undefined;
  errorId: string | undefined;
  requiredLabel: string;
  fileTooLarge: string;
  yes: string;
  choose: string;
  onChange: (value: string | boolean, problem?: string) => void;
}) {
  const { id, field, value, error, errorId } = props;
  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-required': field.required || undefined,
    'aria-describedby':
      [errorId, field.description ? `${id}-help` : undefined].filter(Boolean).join(' ') ||
      undefined,
  } as const;
  const label = (
    <>
      {field.label} {field.required && <RequiredMark label={props.requiredLabel} />}
    </>
  );
  let input;
  switch (field.type) {
    case 'boolean':
      input = (
        <input
          type="checkbox"
          {...common}
          checked={value === true}
          onChange={(e) => props.onChange(e.target.checked)}
        />
      );
      break;
    case 'select':
      input = (
        <select {...common} value={String(value)} onChange={(e) => props.onChange(e.target.value)}>
          <option value="">{props.choose}</option>
          {field.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'file':
      input = (
        <input
          type="file"
          {...common}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (!file) return props.onChange('');
            if (file.size > MAX_FILE_BYTES) return props.onChange('', props.fileTooLarge);
            const reader = new FileReader();
            reader.onload = () => props.onChange(String(reader.result));
            reader.readAsDataURL(file);
          }}
        />
      );
      break;
    default:
      input = (
        <input
          type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'}
          step={field.type === 'number' ? 'any' : undefined}
          {...common}
          value={String(value)}
          onChange={(e) => props.onChange(e.target.value)}
        />
      );
  }
  return (
    <Field
      id={id}
      label={label}
      hint={field.description}
      error={error}
      check={field.type === 'boolean'}
    >
      {input}
    </Field>
  );
}
