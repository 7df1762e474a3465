// Entry: connect the store to the app (preload or web host: ./boot, first), then draw.
import { bootError } from './boot';
import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { warmFormats } from './i18n';
import { firstStateOrAfter } from './state/app-store';
import { runHandled } from '../shared/detached';
import './styles.css';

/**
 * How long the first draw waits for the state: one that comes within this is drawn in the
 * window's first render, with no loading frame to lay out and throw away just before it.
 */
const FIRST_STATE_WAIT_MS = 200;

function showFatal(root: HTMLElement, error: unknown): void {
  const message = document.createElement('p');
  message.className = 'fatal';
  message.setAttribute('role', 'alert');
  message.textContent = error instanceof Error ? error.message : String(error);
  root.replaceChildren(message);
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
if (bootError) {
  showFatal(root, bootError);
} else {
  // While the state is on its way: the list's first paint needs these (when public/early.js found
  // idle time for them first, this costs nothing).
  setTimeout(() => warmFormats('en'), 0);
  runHandled(
    firstStateOrAfter(FIRST_STATE_WAIT_MS).then(() => {
      try {
        const reactRoot = createRoot(root);
        // Drawn in this task, not in one the scheduler queues behind whatever else is waiting:
        // measured ~30 ms sooner from state to list on a 2-core machine.
        flushSync(() =>
          reactRoot.render(
            <StrictMode>
              <App />
            </StrictMode>,
          ),
        );
      } catch (error) {
        showFatal(root, error);
      }
    }),
  );
}
