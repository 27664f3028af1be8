import { Component, type ReactNode, useRef } from 'react';
import { useLocation } from 'react-router';
import { type ConnectionState, useConnectionMonitor, useConnectionState, useWhenBackOnline } from '../lib/connection-status';
import { Failure } from './query-state';

/** A page's code could not be downloaded: the server or the network is down, or a new version replaced it. */
export class PageLoadError extends Error {
  constructor(cause: unknown) {
    super('The code of this page could not be downloaded.', { cause });
    this.name = 'PageLoadError';
  }
}

interface BoundaryProps {
  children: ReactNode;
  /** A new value (another page) clears the error. */
  resetKey: string;
  onPageLoadError: () => void;
  /** Before the children render again (a lazy page downloads again). */
  onReset?: () => void;
}

class Boundary extends Component<BoundaryProps, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown) {
    if (error instanceof PageLoadError) this.props.onPageLoadError();
  }

  override componentDidUpdate(previous: BoundaryProps) {
    if (previous.resetKey !== this.props.resetKey) this.reset();
  }

  /** Renders the children again (after `onReset`). */
  reset = () => {
    if (!this.state.error) return;
    this.props.onReset?.();
    this.setState({ error: null });
  };

  override render() {
    if (!this.state.error) return this.props.children;
    return <PageFailure error={this.state.error} onRetry={this.reset} />;
  }
}

function loadFailureText(state: ConnectionState): string {
  switch (state) {
    case 'offline':
      return 'You are offline, so this page could not be loaded. It loads by itself when you are back online.';
    case 'unreachable':
      return 'Chorus cannot be reached, so this page could not be loaded. It loads by itself when the server is back.';
    case 'online':
      return 'This page could not be loaded. Try again; if Chorus was just updated, reload the page.';
  }
}

function PageFailure(props: { error: unknown; onRetry: () => void }) {
  const state = useConnectionState();
  if (props.error instanceof PageLoadError) {
    return <Failure error={new Error(loadFailureText(state))} title="This page could not be loaded" onRetry={props.onRetry} />;
  }
  return <Failure error={props.error} title="This page failed" onRetry={props.onRetry} />;
}

/**
 * Keeps a failure inside the page that failed: the layout and the navigation stay. "Try again"
 * renders the page again, and so does the connection coming back; another page clears it.
 */
export function PageErrorBoundary(props: { children: ReactNode; onReset?: () => void }) {
  const monitor = useConnectionMonitor();
  const location = useLocation();
  const boundary = useRef<Boundary>(null);
  useWhenBackOnline(() => boundary.current?.reset());
  return (
    <Boundary ref={boundary} resetKey={location.pathname} onPageLoadError={() => monitor.check()} onReset={props.onReset}>
      {props.children}
    </Boundary>
  );
}
