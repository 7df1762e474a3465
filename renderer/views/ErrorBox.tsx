// An error as the user should read it: what happened, what to do, and the vendor's field notes.
import type { VendorErrorInfo } from '../../shared/errors';
import { localizeError } from '../../shared/i18n/error-text';
import { useT } from '../state/hooks';

export function ErrorBox(props: {
  error: VendorErrorInfo;
  /** Field errors already shown next to their fields are left out here. */
  shownFields?: ReadonlySet<string>;
  onRetry?: () => void;
  id?: string;
}) {
  const t = useT();
  const { error, shownFields, onRetry } = props;
  const { message, hint } = localizeError(error, t);
  const loose = error.fields.filter((f) => !shownFields?.has(f.field));
  return (
    <div className="error-box" role="alert" id={props.id}>
      <p className="error-message">{message}</p>
      {hint && <p className="error-hint">{t('error.hint', { hint })}</p>}
      {loose.length > 0 && (
        <ul className="error-fields">
          {loose.map((f) => (
            <li key={`${f.field}:${f.message}`}>
              <code>{f.field}</code>: {f.message}
            </li>
          ))}
        </ul>
      )}
      {error.requestId && <p className="muted">{t('error.requestId', { id: error.requestId })}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
