// Entry: connect the store to the app (preload or web host: ./boot, first), then draw.
import { bootError } from './boot';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { warmFormats } from './i18n';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
try {
  if (bootError) throw bootError;
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  // While the state is on its way: the list's first paint needs these.
  setTimeout(() => warmFormats('en'), 0);
} catch (error) {
  const message = document.createElement('p');
  message.className = 'fatal';
  message.setAttribute('role', 'alert');
  message.textContent = error instanceof Error ? error.message : String(error);
  root.replaceChildren(message);
}
