// The reassign picker, where the vendor lists who may take a task (capability `assigneePicker`):
// its people and groups in one searchable list (a combobox: type to filter, ↑/↓ to move, Enter to
// choose), and for a group how it shares the task out, where the vendor lets one say. Loaded as its
// own chunk the first time a Reassign section is opened.
import { LoaderCircle, User, Users } from 'lucide-react';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { VendorErrorInfo } from '../../shared/errors';
import type { Assignee, GroupDistribution, ReassignTarget } from '../../shared/task';
import { getApi } from '../api';
import { errorInfo } from '../errors';
import { useT } from '../state/hooks';
import { ErrorBox } from './ErrorBox';
import { VendorText } from './VendorText';
import { useTaskRead } from './task-read';
import { submitTo } from './submit';

function matches(assignee: Assignee, words: string[]): boolean {
  const text = `${assignee.name}\n${assignee.detail ?? ''}`.toLocaleLowerCase();
  return words.every((word) => text.includes(word));
}

export function AssigneePicker(props: {
  taskId: string;
  toUser: boolean;
  toGroup: boolean;
  distributions: readonly GroupDistribution[];
}) {
  const t = useT();
  const id = useId();
  const { data: people, loadError, retry } = useTaskRead('tasks:assignees', props.taskId);
  const [search, setSearch] = useState('');
  const [active, setActive] = useState(0);
  const [chosen, setChosen] = useState<Assignee | null>(null);
  const [distribution, setDistribution] = useState<GroupDistribution | null>(
    props.distributions[0] ?? null,
  );
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<VendorErrorInfo | null>(null);
  const [missing, setMissing] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const shown = useMemo(() => {
    const words = search.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    return (people ?? []).filter(
      (a) => (a.kind === 'user' ? props.toUser : props.toGroup) && matches(a, words),
    );
  }, [people, search, props.toUser, props.toGroup]);
  const activeIndex = Math.min(active, Math.max(0, shown.length - 1));
  const optionId = (index: number) => `${id}-option-${index}`;

  useEffect(() => {
    listRef.current
      ?.querySelector(`#${CSS.escape(optionId(activeIndex))}`)
      ?.scrollIntoView({ block: 'nearest' });
  });

  const choose = (assignee: Assignee) => {
    setChosen(assignee);
    setMissing(false);
    setSent(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    let next: number;
    if (event.key === 'ArrowDown') next = Math.min(shown.length - 1, activeIndex + 1);
    else if (event.key === 'ArrowUp') next = Math.max(0, activeIndex - 1);
    else if (event.key === 'Home' && event.ctrlKey) next = 0;
    else if (event.key === 'End' && event.ctrlKey) next = shown.length - 1;
    else if (event.key === 'Enter') {
      const option = shown[activeIndex];
      // Enter picks the highlighted row; once it is chosen, Enter sends.
      if (option && option !== chosen) {
        event.preventDefault();
        choose(option);
      }
      return;
    } else return;
    event.preventDefault();
    setActive(Math.max(0, next));
  };

  const submit = async () => {
    if (busy) return;
    if (!chosen) {
      setMissing(true);
      searchRef.current?.focus();
      return;
    }
    const target: ReassignTarget =
      chosen.kind === 'user'
        ? { kind: 'user', id: chosen.id, comment: null }
        : {
            kind: 'group',
            id: chosen.id,
            comment: null,
            ...(distribution ? { distribution } : {}),
          };
    setBusy(true);
    setError(null);
    setSent(null);
    try {
      await getApi().call('tasks:reassign', { taskId: props.taskId, target });
      setSent(t('picker.sent', { name: chosen.name }));
    } catch (e) {
      setError(errorInfo(e));
    } finally {
      setBusy(false);
    }
  };

  if (loadError) return <ErrorBox error={loadError} onRetry={retry} />;
  if (!people) {
    return (
      <p role="status" className="muted">
        {t('picker.loading')}
      </p>
    );
  }
  if (people.length === 0) return <p className="muted">{t('picker.none')}</p>;
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  return (
    <form
      className="assignee-picker"
      noValidate
      aria-label={t('reassign.heading')}
      onSubmit={submitTo(submit)}
    >
      <label htmlFor={`${id}-search`}>{t('picker.search')}</label>
      <input
        ref={searchRef}
        id={`${id}-search`}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={shown.length > 0 ? optionId(activeIndex) : undefined}
        aria-invalid={missing || undefined}
        aria-describedby={missing ? hintId : undefined}
        value={search}
        onChange={(e) => {
          setSearch(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul
        ref={listRef}
        id={listId}
        role="listbox"
        aria-label={t('picker.list')}
        className="picker-list"
      >
        {shown.map((assignee, index) => {
          const Icon = assignee.kind === 'group' ? Users : User;
          return (
            <li
              key={`${assignee.kind}:${assignee.id}`}
              id={optionId(index)}
              role="option"
              aria-selected={chosen === assignee}
              className={`picker-option${index === activeIndex ? ' active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => {
                setActive(index);
                choose(assignee);
                searchRef.current?.focus();
              }}
            >
              <Icon aria-hidden="true" size={14} />
              <VendorText className="picker-name">{assignee.name}</VendorText>
              {assignee.detail && (
                <VendorText className="picker-detail muted">{assignee.detail}</VendorText>
              )}
              <span className="visually-hidden">
                {' '}
                ({t(assignee.kind === 'group' ? 'picker.group' : 'picker.user')})
              </span>
            </li>
          );
        })}
      </ul>
      {shown.length === 0 && (
        <p className="muted" role="status">
          {t('picker.noMatch', { search })}
        </p>
      )}
      {missing && (
        <p id={hintId} className="field-error">
          {t('picker.choose')}
        </p>
      )}
      {chosen && (
        <p className="picker-chosen" dir="auto">
          {t('picker.chosen', { name: chosen.name })}
        </p>
      )}
      {chosen?.kind === 'group' && props.distributions.length > 0 && (
        <fieldset className="picker-distribution">
          <legend>{t('picker.distribution')}</legend>
          {props.distributions.map((d) => (
            <label key={d} className="radio">
              <input
                type="radio"
                name={`${id}-distribution`}
                value={d}
                checked={distribution === d}
                onChange={() => setDistribution(d)}
              />{' '}
              {t(`picker.distribution.${d}`)}
            </label>
          ))}
        </fieldset>
      )}
      <button type="submit" aria-disabled={busy || undefined} aria-busy={busy || undefined}>
        {busy && <LoaderCircle aria-hidden="true" size={16} className="spin" />}{' '}
        {busy ? t('picker.sending') : t('reassign.submit')}
      </button>
      <span role="status" className="picker-sent">
        {sent}
      </span>
      {error && <ErrorBox error={error} />}
    </form>
  );
}
