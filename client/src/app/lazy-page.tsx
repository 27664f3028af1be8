import { Loader } from '@mantine/core';
import { type ComponentType, lazy, type LazyExoticComponent, Suspense } from 'react';
import { PageErrorBoundary, PageLoadError } from '../components/page-error-boundary';

/**
 * A page whose code is its own chunk, downloaded when first shown, inside its own error boundary.
 *
 * React.lazy keeps a failed download for good (the page would stay broken until a reload), so the
 * boundary's reset (its "Try again", or the connection coming back) swaps in a fresh lazy component
 * first, which downloads the code again. Not at the failure itself: React renders a failed component
 * once more before it gives up, and a fresh one there would download again, endlessly.
 */
export function lazyPage<Props extends object>(load: () => Promise<ComponentType<Props>>): ComponentType<Props> {
  let failed = false;
  const fresh = (): LazyExoticComponent<ComponentType<Props>> =>
    lazy(() =>
      load().then(
        (page) => ({ default: page }),
        (error: unknown) => {
          failed = true;
          throw new PageLoadError(error);
        },
      ),
    );
  let current = fresh();
  const retry = () => {
    if (!failed) return;
    failed = false;
    current = fresh();
  };

  // Reads `current` when it renders, so a remount after a retry gets the fresh one.
  function Current(props: Props) {
    const Page = current;
    return <Page {...props} />;
  }

  return function LazyPage(props: Props) {
    return (
      <PageErrorBoundary onReset={retry}>
        <Suspense fallback={<Loader size="sm" m="xl" aria-label="Loading page" />}>
          <Current {...props} />
        </Suspense>
      </PageErrorBoundary>
    );
  };
}
