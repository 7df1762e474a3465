// An account's secrets as password inputs: each says whether the keychain holds one already, and
// an empty input keeps the stored one.
import type { SecretName } from '../../shared/account';
import { useT } from '../state/hooks';
import { Field, fieldAria } from './Field';

export type TypedSecrets = Partial<Record<SecretName, string>>;

export function SecretFields(props: {
  idPrefix: string;
  names: readonly SecretName[];
  stored: ReadonlySet<SecretName>;
  values: TypedSecrets;
  errors: ReadonlyMap<string, string>;
  onChange: (name: SecretName, value: string) => void;
}) {
  const t = useT();
  const { stored } = props;
  return (
    <>
      {props.names.map((name) => {
        const err = props.errors.get(`secrets.${name}`);
        const fieldId = `${props.idPrefix}-secret-${name}`;
        const label = (
          <>
            {t(`secret.${name}`)}{' '}
            <span className="muted">
              ({stored.has(name) ? t('accounts.stored') : t('accounts.notStored')})
            </span>
          </>
        );
        return (
          <Field key={name} id={fieldId} label={label} error={err}>
            <input
              id={fieldId}
              type="password"
              autoComplete="off"
              placeholder={stored.has(name) ? t('accounts.secretKeep') : ''}
              value={props.values[name] ?? ''}
              {...fieldAria(fieldId, { error: !!err })}
              onChange={(e) => props.onChange(name, e.target.value)}
            />
          </Field>
        );
      })}
    </>
  );
}
