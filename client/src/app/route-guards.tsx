import { Navigate, Outlet, useLocation } from 'react-router';
import { Empty, Failure, Loading } from '../components/query-state';
import { useMe } from '../lib/auth/viewer';

/** Signed-in pages: wait for the session (a refresh may be under way), then show them or the login page. */
export function RequireViewer() {
  const { data, error, loading, refetch } = useMe();
  const location = useLocation();
  if (loading && !data) return <Loading label="Signing you in…" />;
  if (error && !data) return <Failure error={error} title="Could not reach Chorus" onRetry={() => void refetch()} />;
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
  return <Outlet />;
}

export function RequireAdmin() {
  const { data } = useMe();
  if (data?.me?.role !== 'ADMIN') {
    return <Empty title="Admins only">This page is for administrators.</Empty>;
  }
  return <Outlet />;
}
