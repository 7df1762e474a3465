// A task's possible results as a row of toggle buttons: arrow keys move between them, a click
// chooses one, Enter on one chooses it and submits.
import { useRef, type KeyboardEvent } from 'react';
import type { TaskResult } from '../../shared/task';
import { FieldError, RequiredMark } from './Field';

export function ResultButtons(props: {
  results: readonly TaskResult[];
  chosen: string | null;
  legend: string;
  requiredLabel: string;
  error: string | undefined;
  errorId: string | undefined;
  onChoose: (code: string) => void;
  onSubmit: (code: string) => void;
}) {
  const { results, chosen, error, errorId } = props;
  const row = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, code: string) => {
    const buttons = [...(row.current?.querySelectorAll<HTMLButtonElement>('.result-button') ?? [])];
    const index = buttons.indexOf(event.currentTarget);
    const step =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? 1
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? -1
          : 0;
    if (step !== 0) {
      event.preventDefault();
      buttons[(index + step + buttons.length) % buttons.length]?.focus();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      props.onChoose(code);
      props.onSubmit(code);
    }
  };

  return (
    <fieldset
      className="results"
      aria-invalid={error ? true : undefined}
      aria-describedby={errorId}
    >
      <legend>
        {props.legend} <RequiredMark label={props.requiredLabel} />
      </legend>
      <div className="result-buttons" ref={row}>
        {results.map((r, index) => (
          <button
            key={r.code}
            type="button"
            className="result-button"
            aria-pressed={chosen === r.code}
            aria-invalid={error ? true : undefined}
            data-autofocus={index === 0 ? '' : undefined}
            onKeyDown={(e) => onKeyDown(e, r.code)}
            onClick={() => props.onChoose(r.code)}
          >
            {r.label}
          </button>
        ))}
      </div>
      <FieldError id={errorId} message={error} />
    </fieldset>
  );
}
