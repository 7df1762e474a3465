// Where focus goes in the completion form: into it when it opens, onto the first invalid control
// after a refused Submit, and back once a send ends (the fieldset was disabled meanwhile, so the
// focus went with it).
import { useEffect, useState, type RefObject } from 'react';

const INVALID_CONTROL =
  'button[aria-invalid="true"], input[aria-invalid="true"], select[aria-invalid="true"], textarea[aria-invalid="true"]';

export type Refocus = 'submit' | 'cancel';

export function useCompletionFocus(
  formRef: RefObject<HTMLFormElement | null>,
  sending: boolean,
): { focusFirstInvalid(): void; refocusAfterSend(target: Refocus): void } {
  const [refocus, setRefocus] = useState<Refocus | null>(null);

  // Keyboard-first: the first result or field has focus when the form opens.
  useEffect(() => {
    formRef.current
      ?.querySelector<HTMLElement>('[data-autofocus], input, select, textarea')
      ?.focus();
  }, [formRef]);

  // It goes where the user acts next: a field the vendor faulted, else Submit (try again), or
  // Cancel when Submit can do nothing more.
  useEffect(() => {
    if (!refocus || sending) return;
    setRefocus(null);
    const form = formRef.current;
    const next =
      refocus === 'cancel'
        ? form?.querySelector<HTMLElement>('[data-cancel]')
        : (form?.querySelector<HTMLElement>(INVALID_CONTROL) ??
          form?.querySelector<HTMLElement>('button[type="submit"]'));
    next?.focus();
  }, [formRef, refocus, sending]);

  return {
    focusFirstInvalid: () =>
      requestAnimationFrame(() => {
        const first = formRef.current?.querySelector<HTMLElement>(INVALID_CONTROL);
        first?.focus();
        first?.scrollIntoView({ block: 'nearest' });
      }),
    refocusAfterSend: setRefocus,
  };
}
