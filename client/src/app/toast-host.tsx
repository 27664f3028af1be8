import { Notifications } from '@mantine/notifications';
import { TOASTS } from '../lib/notify';

/** Mantine's toast host: its transitions and portal, in their own chunk (see ./toasts). */
export default function ToastHost() {
  return <Notifications {...TOASTS} />;
}
