import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { session } from './app/chorus-client';

/** Long enough for the Web Lock to be granted; short enough that a tab waiting on another never looks stuck. */
const FIRST_RENDER_WAIT_MS = 150;

// A returning visit's token exchange started as the app loaded (app-routes.tsx). The first render
// holds the main thread for half a second on a slow phone: the exchange goes out before it, and its
// round trip overlaps the render. (Not a top-level await: that changes how Rolldown chunks the app.)
void Promise.race([session.requestSent(), new Promise((resolve) => setTimeout(resolve, FIRST_RENDER_WAIT_MS))]).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
