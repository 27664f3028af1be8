import { lazyPage } from './lazy-page';

/**
 * The signed-in frame (header, navigation, AppShell) is its own chunk: the sign-in page does without
 * it (docs/decisions/015-sign-in-javascript-budget.md). Like a page, it downloads again after a failure.
 */
export const loadAppLayout = () => import('./app-layout');
export const AppLayout = lazyPage(() => loadAppLayout().then((m) => m.AppLayout));
