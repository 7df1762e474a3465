// The "?" overlay: every inbox shortcut and its keys. Its own chunk: the list's first paint does
// not need it.
import { useEffect, useRef } from 'react';
import type { Translate } from '../i18n';
import { SHORTCUTS } from '../inbox/shortcuts';

export function ShortcutsHelp(props: { t: Translate; onClose: () => void }) {
  const { t } = props;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLElement>('button')?.focus();
    return () => opener?.focus();
  }, []);
  return (
    <div className="overlay" onClick={props.onClose}>
      <div
        ref={ref}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape' || e.key === 'Tab') {
            e.preventDefault();
            if (e.key === 'Escape') props.onClose();
          }
        }}
      >
        <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
        <dl className="shortcuts">
          {SHORTCUTS.map((s) => (
            <div key={s.label} className="shortcut">
              <dt>
                {s.keys.map((k) => (
                  <kbd key={k}>{k}</kbd>
                ))}
              </dt>
              <dd>{t(s.label)}</dd>
            </div>
          ))}
        </dl>
        <button type="button" onClick={props.onClose}>
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}
