// A task's comments, where the vendor keeps them (capability `comments`: UiPath's TaskNotes), with
// a box to add one. Loaded as its own chunk, and read from the vendor, only once the section opens.
import { LoaderCircle, MessageSquarePlus } from 'lucide-react';
import { useId, useRef, useState } from 'react';
import { MAX_COMMENT_LENGTH } from '../../shared/comment-limits';
import type { VendorErrorInfo } from '../../shared/errors';
import { instantToMs } from '../../shared/task-time';
import { getApi } from '../api';
import { errorInfo } from '../errors';
import { formatInstant } from '../i18n';
import { useLanguage, useT } from '../state/hooks';
import { ErrorBox } from './ErrorBox';
import { runHandled } from '../../shared/detached';
import { useTaskRead } from './task-read';
import { submitTo } from './submit';

export function TaskComments(props: { taskId: string }) {
  const t = useT();
  const language = useLanguage();
  const id = useId();
  const {
    data: comments,
    setData: setComments,
    loadError,
    retry,
  } = useTaskRead('tasks:comments', props.taskId);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState(false);
  const [error, setError] = useState<VendorErrorInfo | null>(null);
  const boxRef = useRef<HTMLTextAreaElement>(null);

  const add = async () => {
    if (busy) return;
    const trimmed = text.trim();
    const mistake =
      trimmed === ''
        ? t('comments.required')
        : trimmed.length > MAX_COMMENT_LENGTH
          ? t('comments.tooLong', { max: MAX_COMMENT_LENGTH })
          : null;
    setProblem(mistake);
    setAdded(false);
    setError(null);
    if (mistake) {
      boxRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const comment = await getApi().call('tasks:add-comment', {
        taskId: props.taskId,
        text: trimmed,
      });
      setComments((list) => [...(list ?? []), comment]);
      setText('');
      setAdded(true);
    } catch (e) {
      setError(errorInfo(e));
    } finally {
      setBusy(false);
    }
  };

  const problemId = `${id}-problem`;
  return (
    <div className="task-comments">
      {loadError ? (
        <ErrorBox error={loadError} onRetry={retry} />
      ) : comments === null ? (
        <p role="status" className="muted">
          {t('comments.loading')}
        </p>
      ) : comments.length === 0 ? (
        <p className="muted">{t('comments.none')}</p>
      ) : (
        <ol className="comment-list">
          {comments.map((comment) => (
            <li key={comment.id} className="comment">
              <p className="comment-meta">
                <strong dir="auto">{comment.author ?? t('comments.someone')}</strong>
                {comment.at && (
                  <>
                    {' · '}
                    <time dateTime={comment.at}>
                      {formatInstant(instantToMs(comment.at), language)}
                    </time>
                  </>
                )}
              </p>
              <p className="comment-text vendor-text" dir="auto">
                {comment.text}
              </p>
            </li>
          ))}
        </ol>
      )}
      <form className="comment-form" noValidate onSubmit={submitTo(add)}>
        <label htmlFor={`${id}-text`}>{t('comments.new')}</label>
        <textarea
          ref={boxRef}
          id={`${id}-text`}
          rows={2}
          value={text}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? problemId : undefined}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            // Ctrl/⌘+Enter adds; Enter alone is a new line.
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              runHandled(add());
            }
          }}
        />
        {problem && (
          <p id={problemId} className="field-error">
            {problem}
          </p>
        )}
        <button type="submit" aria-disabled={busy || undefined} aria-busy={busy || undefined}>
          {busy ? (
            <LoaderCircle aria-hidden="true" size={16} className="spin" />
          ) : (
            <MessageSquarePlus aria-hidden="true" size={16} />
          )}{' '}
          {busy ? t('comments.adding') : t('comments.add')}
        </button>
        <span role="status" className="comment-added">
          {added ? t('comments.added') : null}
        </span>
        {error && <ErrorBox error={error} />}
      </form>
    </div>
  );
}
