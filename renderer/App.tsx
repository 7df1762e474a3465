// The window: theme and language on the document, the section nav, and the view the hash names.
import { lazy, Suspense, useEffect } from 'react';
import { useApp, useLanguage, useT } from './state/hooks';
import { Inbox } from './views/Inbox';
import { parseRoute, useHash } from './views/route';
import { selectTask } from './state/inbox-store';

// Accounts, Settings and the popup load as their own chunks (the task detail too, from the
// inbox): the list a tray click opens stays well within the main chunk's budget.
const Accounts = lazy(() => import('./views/Accounts').then((m) => ({ default: m.Accounts })));
const Settings = lazy(() => import('./views/Settings').then((m) => ({ default: m.Settings })));
const Popup = lazy(() => import('./views/Popup').then((m) => ({ default: m.Popup })));

export function App() {
  const t = useT();
  const language = useLanguage();
  const theme = useApp((s) => s.data?.settings.theme ?? 'system');
  const route = parseRoute(useHash());

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.lang = language;
  }, [theme, language]);
  useEffect(() => {
    document.title = t('app.title');
  }, [t]);
  const linkedTask = route.name === 'inbox' ? route.taskId : null;
  useEffect(() => {
    if (linkedTask) selectTask(linkedTask);
  }, [linkedTask]);

  if (route.name === 'popup') {
    return (
      <Suspense fallback={<main className="popup" aria-busy="true" />}>
        <Popup key={route.taskId} taskId={route.taskId} />
      </Suspense>
    );
  }
  const links = [
    { name: 'inbox', label: t('nav.inbox') },
    { name: 'accounts', label: t('nav.accounts') },
    { name: 'settings', label: t('nav.settings') },
  ] as const;
  return (
    <div className="shell">
      <nav className="nav" aria-label={t('nav.label')}>
        <span className="brand">{t('app.title')}</span>
        {links.map((link) => (
          <a
            key={link.name}
            href={`#/${link.name}`}
            aria-current={route.name === link.name ? 'page' : undefined}
          >
            {link.label}
          </a>
        ))}
      </nav>
      {route.name === 'inbox' && (
        <main className="inbox-main">
          <Inbox />
        </main>
      )}
      <Suspense fallback={<main aria-busy="true" />}>
        {route.name === 'accounts' && <Accounts />}
        {route.name === 'settings' && <Settings />}
      </Suspense>
    </div>
  );
}
