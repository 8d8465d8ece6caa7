import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PlaygroundStoreProvider } from './state/context';
import { decodePermalink } from './state/permalink';
import { createPlaygroundStore } from './state/store';
import { App } from './ui/App';
import { ErrorBoundary } from './ui/ErrorBoundary';
import type { PageOptions } from './ui/embedOptions';
import './ui/app.css';

// The link is data: decoded by a validating codec that never throws and says what it dropped.
const link = decodePermalink(location.search);
const store = createPlaygroundStore(link.data);
const options: PageOptions = {
  // embed.html is the embed page (framable by any site, see vite.config.ts); `embed=1` on the app still works.
  embed: link.embed.embed || location.pathname.endsWith('/embed.html'),
  hidden: new Set(link.embed.hide),
  locked: new Set(link.embed.lock),
};

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary>
        <PlaygroundStoreProvider store={store}>
          <App options={options} linkWarnings={link.warnings} />
        </PlaygroundStoreProvider>
      </ErrorBoundary>
    </StrictMode>,
  );
}
