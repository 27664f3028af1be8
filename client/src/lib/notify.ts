import { notifications } from '@mantine/notifications';
import { errorMessage } from './graphql-errors';

/** Every mutation ends with one of these: the user always learns how it went. */
export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message, autoClose: 3_000, 'data-testid': 'toast-success' });
}

/** Shows the server's own message (or a plain network message). */
export function notifyError(error: unknown, title = 'That did not work'): void {
  notifications.show({ color: 'red', title, message: errorMessage(error), autoClose: 6_000, 'data-testid': 'toast-error' });
}
