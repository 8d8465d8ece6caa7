import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PlaygroundStoreProvider } from './state/context';
import { App } from './ui/App';
import { ErrorBoundary } from './ui/ErrorBoundary';
import './ui/app.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary>
        <PlaygroundStoreProvider>
          <App />
        </PlaygroundStoreProvider>
      </ErrorBoundary>
    </StrictMode>,
  );
}
