import { notifications } from '@mantine/notifications';
import { createElement } from 'react';
import { errorMessage } from './graphql-errors';
import { UndoMessage } from './undo-message';

/**
 * Where toasts show and how many at once (the app's `<Notifications>`): at the top, so that on a phone
 * they never cover a form's submit button; two at most, older ones wait their turn.
 */
export const TOASTS = { position: 'top-right', limit: 2 } as const;

/** The close button's accessible name (Mantine's has none). */
export const TOAST_CLOSE = { 'aria-label': 'Close notification' };

/**
 * Every mutation ends with an outcome the user learns: a toast for success or for a failure that
 * names no field. A refusal naming a form's fields shows under those fields only (`showServerErrors`
 * of use-form-fields.ts), never here as well.
 */
export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message, autoClose: 3_000, closeButtonProps: TOAST_CLOSE, 'data-testid': 'toast-success' });
}

/** Shows the server's own message (or a plain network message). */
export function notifyError(error: unknown, title = 'That did not work'): void {
  notifications.show({ color: 'red', title, message: errorMessage(error), autoClose: 6_000, closeButtonProps: TOAST_CLOSE, 'data-testid': 'toast-error' });
}

/**
 * An outcome that can be taken back (a task deleted or completed): the toast offers "Undo" for as
 * long as it shows; `undo` runs once and reports its own outcome.
 */
export function notifyUndoable(message: string, undo: () => Promise<void>): void {
  const id: string = notifications.show({
    color: 'teal',
    autoClose: 8_000,
    closeButtonProps: TOAST_CLOSE,
    'data-testid': 'toast-undo',
    message: createElement(UndoMessage, {
      message,
      onUndo: () => {
        notifications.hide(id);
        void undo();
      },
    }),
  });
}
