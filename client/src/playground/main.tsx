import './playground.css';
import { lazy, StrictMode, Suspense, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { refreshTokenExchange } from '../lib/auth/refresh-token';
import { SessionStore } from '../lib/session-store';

/** GraphiQL and Monaco are large: loaded only where they fit (not on a phone). */
const GraphiQLPane = lazy(() => import('./graphiql-pane'));

/** Below this width GraphiQL's editors and result pane overlap and cannot be used. */
const NARROW = '(max-width: 699px)';

/** The app's session in this browser (the refresh token the app keeps), shared with its tabs. */
const session = new SessionStore(refreshTokenExchange('/graphql'));

function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
  );
}

function Playground() {
  const narrow = useMediaQuery(NARROW);
  const signedIn = session.hasSession();
  return (
    <div className="playground-shell">
      <header className="playground-bar">
        <h1>Chorus API playground</h1>
        {!narrow && (
          <>
            <p className="playground-session" data-testid="playground-session">
              {signedIn ? 'Requests carry your Chorus session.' : 'Not signed in: sign in in the app, or paste a token in Headers.'}
            </p>
            <a href="/">Back to Chorus</a>
          </>
        )}
      </header>
      <main className="playground-main">
        {narrow ? (
          <section className="playground-too-narrow" data-testid="playground-too-narrow" aria-labelledby="too-narrow-title">
            <h2 id="too-narrow-title">The playground needs a wider screen</h2>
            <p>
              Its query editor, variables and results need at least 700 pixels side by side. Open it on a tablet in landscape or on a
              computer; the API itself works from anywhere.
            </p>
            <p>
              <a href="/">Back to Chorus</a>
            </p>
          </section>
        ) : (
          <Suspense fallback={<p className="playground-loading" role="status">Loading the playground…</p>}>
            <GraphiQLPane session={session} />
          </Suspense>
        )}
      </main>
    </div>
  );
}

createRoot(document.getElementById('playground')!).render(
  <StrictMode>
    <Playground />
  </StrictMode>,
);
