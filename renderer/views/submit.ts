// Every form of the windows submits the same way: the page stays where it is (no navigation),
// and the action runs with its failure reported, never lost.
import type { FormEvent } from 'react';
import { runHandled } from '../../shared/detached';

/** The `onSubmit` handler of a form that runs `action`. */
export function submitTo(action: () => Promise<unknown>): (event: FormEvent) => void {
  return (event) => {
    event.preventDefault();
    runHandled(action());
  };
}
