import { useRef } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { ConnectionBanner } from '../components/connection-banner';
import { Empty, Failure, Loading } from '../components/query-state';
import { useMe } from '../lib/auth/viewer';
import { useWhenBackOnline } from '../lib/connection-status';
import { AppLayout } from './app-frame';

/**
 * Signed-in pages: wait for the session (a refresh may be under way), then show them or the login page.
 * When the viewer cannot be loaded (server or network down) the layout stays, with the failure in place
 * of the page, and it is loaded again when the connection comes back.
 */
export function RequireViewer() {
  const { data, error, loading, refetch } = useMe();
  const location = useLocation();
  const failed = Boolean(error && !data);
  // After a failure the layout stays while it tries again (no flash of a bare loading page).
  const hasFailed = useRef(false);
  if (failed) hasFailed.current = true;
  useWhenBackOnline(() => void refetch().catch(() => undefined), failed);
  if (loading && !data) {
    const signingIn = <Loading label="Signing you in…" />;
    return hasFailed.current ? <AppLayout>{signingIn}</AppLayout> : signingIn;
  }
  if (failed) {
    return (
      <AppLayout>
        <Failure error={error} title="Could not reach Chorus" onRetry={() => void refetch().catch(() => undefined)} />
      </AppLayout>
    );
  }
  if (!data?.me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <Outlet />;
}

/** Login and register: a signed-in user goes back where they came from. */
export function PublicOnly() {
  const { data, loading } = useMe();
  const location = useLocation();
  if (loading && !data) return <Loading label="Loading…" />;
  if (data?.me) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from !== '/login' ? from : '/'} replace />;
  }
  return (
    <>
      <ConnectionBanner />
      <Outlet />
    </>
  );
}

export function RequireAdmin() {
  const { data } = useMe();
  if (data?.me?.role !== 'ADMIN') {
    return <Empty title="Admins only">This page is for administrators.</Empty>;
  }
  return <Outlet />;
}
