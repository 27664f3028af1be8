import { useNotifications } from '@mantine/notifications';
import { lazy, Suspense, useState } from 'react';

const ToastHost = lazy(() => import('./toast-host'));

/**
 * Where toasts show, loaded with the first toast: a page paints and works without it, and on a slow
 * phone its code (transitions, portal) would only delay that. `notifications.show` (lib/notify.ts)
 * keeps what it is given in Mantine's store until the host mounts and shows it.
 */
export function Toasts() {
  const { notifications } = useNotifications();
  const [needed, setNeeded] = useState(false);
  if (notifications.length > 0 && !needed) setNeeded(true);
  if (!needed) return null;
  return (
    <Suspense>
      <ToastHost />
    </Suspense>
  );
}
