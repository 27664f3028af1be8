import { Anchor, AppShell, Avatar, Burger, Button, Group, NavLink, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { CONNECTION_BANNER_HEIGHT, ConnectionBanner, useConnectionBannerShown } from '../components/connection-banner';
import { PageErrorBoundary } from '../components/page-error-boundary';
import { useProfileEvents } from '../features/profile/api/profile-events';
import { useViewerEvents } from '../features/profile/api/viewer-events';
import { useSession } from '../lib/auth/session-context';
import { useMe } from '../lib/auth/viewer';
import { notifySuccess } from '../lib/notify';
import { OutboxProvider } from '../lib/outbox/outbox-context';
import { outbox } from './app-outbox';
import { SkipLink } from './skip-link';

/** The page's own content: where "Skip to content" goes. */
export const MAIN_CONTENT_ID = 'main-content';

interface NavItem {
  to: string;
  label: string;
  adminOnly?: boolean;
}

const NAV: NavItem[] = [
  { to: '/tweets', label: 'Tweets' },
  { to: '/tasks', label: 'Tasks' },
  { to: '/stories', label: 'Story bot' },
  { to: '/profile', label: 'Profile' },
  { to: '/admin', label: 'Admin', adminOnly: true },
];

const HEADER_HEIGHT = 56;

/** The signed-in frame: header, navigation, the connection banner, and the page (or `children` instead of it). */
export function AppLayout(props: { children?: ReactNode }) {
  const [navOpen, nav] = useDisclosure(false);
  const bannerShown = useConnectionBannerShown();
  const { data } = useMe();
  const { signOut } = useSession();
  const location = useLocation();
  const me = data?.me;
  useViewerEvents(me?.id);
  useProfileEvents(me?.id);

  const onSignOut = async () => {
    // The sign-in page follows by itself: signed-out views remount without a user.
    await signOut();
    notifySuccess('You are signed out.');
  };

  return (
    // Pending creations (the outbox) belong to the signed-in frame: shown in its pages, sent in its session.
    <OutboxProvider outbox={outbox}>
      <AppShell header={{ height: HEADER_HEIGHT + (bannerShown ? CONNECTION_BANNER_HEIGHT : 0) }} navbar={{ width: 210, breakpoint: 'sm', collapsed: { mobile: !navOpen } }} padding="md">
        <SkipLink targetId={MAIN_CONTENT_ID} />
        <AppShell.Header>
          <ConnectionBanner />
          <Group h={HEADER_HEIGHT} px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger opened={navOpen} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
              <Title order={1} size="h3">
                <Link to="/" style={{ color: 'inherit', textDecoration: 'none' }}>
                  Chorus
                </Link>
              </Title>
            </Group>
            {me && (
              <Group gap="sm" wrap="nowrap">
                <Avatar src={me.avatarUrl} alt="" size="sm" radius="xl">
                  {me.name.slice(0, 1).toUpperCase()}
                </Avatar>
                <Anchor component={Link} to={`/u/${encodeURIComponent(me.username)}`} size="sm" c="inherit" visibleFrom="xs" data-testid="signed-in-as">
                  <VisuallyHidden>Signed in as </VisuallyHidden>@{me.username}
                </Anchor>
                <Button variant="default" size="xs" onClick={() => void onSignOut()}>
                  Sign out
                </Button>
              </Group>
            )}
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" component="nav" aria-label="Main">
          {NAV.filter((item) => !item.adminOnly || me?.role === 'ADMIN').map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              active={location.pathname === item.to || location.pathname.startsWith(`${item.to}/`)}
              aria-current={location.pathname.startsWith(item.to) ? 'page' : undefined}
              onClick={nav.close}
            />
          ))}
          <NavLink component="a" href="/graphql" target="_blank" rel="noreferrer" label="API playground" />
        </AppShell.Navbar>
        {/* Focusable from script only (tabIndex -1): the skip link's target. */}
        <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1} style={{ outline: 'none' }}>
          {/* Each page has its own boundary and Suspense (lazy-page.tsx); this one catches what a route renders besides. */}
          <PageErrorBoundary>{props.children ?? <Outlet />}</PageErrorBoundary>
        </AppShell.Main>
      </AppShell>
    </OutboxProvider>
  );
}
