import { createParameterDecorator } from 'type-graphql';
import type { RequestContext } from '../context/request-context.js';
import { requireViewer } from './auth-checker.js';
import type { Viewer } from './viewer.js';

/**
 * The signed-in `Viewer`, handed to a resolver behind `@SignedIn()` / `@AdminOnly()`: the access
 * decorator has already decided, this only gives the services their typed viewer. Without one it
 * throws UNAUTHENTICATED, as `requireViewer` does.
 */
export function CurrentViewer(): ReturnType<typeof createParameterDecorator> {
  return createParameterDecorator<RequestContext>(({ context }): Viewer => requireViewer(context));
}
