import { Notifications } from '@mantine/notifications';

/** Mantine's toast host: its transitions and portal, in their own chunk (see ./toasts). */
export default function ToastHost() {
  return <Notifications position="bottom-right" limit={4} />;
}
