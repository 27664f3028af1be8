import type { AuthChecker } from 'type-graphql';
import type { Viewer } from './viewer.js';
import type { RequestContext } from '../context/request-context.js';
import { forbidden, unauthenticated } from '../shared/errors.js';

export const authChecker: AuthChecker<RequestContext> = ({ context }, roles) => {
  const viewer = context.viewer;
  if (!viewer || !viewer.active) throw unauthenticated();
  if (roles.length > 0 && !roles.includes(viewer.role)) throw forbidden();
  return true;
};

/** For resolvers behind `@SignedIn()`: the viewer, typed as present. */
export function requireViewer(context: RequestContext): Viewer {
  if (!context.viewer || !context.viewer.active) throw unauthenticated();
  return context.viewer;
}
