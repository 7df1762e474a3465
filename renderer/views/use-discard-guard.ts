// Cancel never throws typed input away silently: with something typed it asks first, and Esc
// answers "keep editing" when it is asking.
import { useState, type KeyboardEvent, type RefObject } from 'react';

export function useDiscardGuard(
  formRef: RefObject<HTMLFormElement | null>,
  dirty: boolean,
  onCancel: () => void,
) {
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const cancel = () => {
    if (dirty && !confirmDiscard) {
      setConfirmDiscard(true);
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[data-keep-editing]')?.focus(),
      );
      return;
    }
    onCancel();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    if (confirmDiscard) setConfirmDiscard(false);
    else cancel();
  };
  return {
    confirmDiscard,
    keepEditing: () => setConfirmDiscard(false),
    cancel,
    onKeyDown,
  };
}
