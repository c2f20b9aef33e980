import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Toaster } from 'sonner';
import { App } from './app/App';
import { ConnectionProvider, createConnectionStore } from './app/connection';
import { ClientProvider } from './app/koru';
import { createQueryClient } from './app/queryClient';
import { VISIBLE_TOASTS } from './app/toasts';
import { createClient } from './client';
// One stylesheet per area; narrow.css last so its media queries win.
import './styles/base.css';
import './styles/controls.css';
import './styles/shell.css';
import './styles/sessions.css';
import './styles/settings.css';
import './styles/rituals.css';
import './styles/narrow.css';

// One client (Electron bridge or WebSocket, chosen by the client module) for the app's life.
// In web mode it reports its socket's state; in Electron the store stays null and no badge shows.
const connection = createConnectionStore(window.koru ? null : 'connecting');
const client = createClient({ onConnectionChange: (state) => connection.set(state) });
const queryClient = createQueryClient();

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

createRoot(root).render(
  <StrictMode>
    <ClientProvider client={client}>
      <ConnectionProvider store={connection}>
        <QueryClientProvider client={queryClient}>
          <App />
          {/* Bottom-right, just above the player dock: clear of the editor's title and Save button.
              A few at a time, collapsed into a stack (hover to expand); repeats fold by id (app/toasts.ts). */}
          <Toaster theme="dark" position="bottom-right" offset={{ bottom: 216, right: 20 }} visibleToasts={VISIBLE_TOASTS} richColors closeButton />
        </QueryClientProvider>
      </ConnectionProvider>
    </ClientProvider>
  </StrictMode>,
);
