import { Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Loading } from '../components/query-state';
import { LoginPage } from '../features/auth/components/login-page';
import { MeQuery } from '../lib/auth/viewer';
import { AppLayout, loadAppLayout } from './app-frame';
import { apolloClient, session } from './chorus-client';
import { lazyPage } from './lazy-page';
import { NotFoundPage } from './not-found-page';
import { PublicOnly, RequireAdmin, RequireViewer } from './route-guards';

// Every page but sign-in is its own chunk: the first load carries the shell and the sign-in page (the
// page of every signed-out visit, docs/decisions/024-fewer-larger-chunks.md). Each lazy page has its
// own error boundary and downloads again after a failure (lazy-page.tsx).
const loadRegisterPage = () => import('../features/auth/components/register-page');
const loadProfilePage = () => import('../features/profile/components/profile-page');
const loadTasksPage = () => import('../features/tasks/components/tasks-page');
const loadFeedPage = () => import('../features/tweets/components/feed-page');
const loadUserPage = () => import('../features/tweets/components/user-page');
const loadStoryBotPage = () => import('../features/stories/components/story-bot-page');
const loadAdminUsersPage = () => import('../features/admin/components/admin-users-page');

const RegisterPage = lazyPage(() => loadRegisterPage().then((m) => m.RegisterPage));
const ProfilePage = lazyPage(() => loadProfilePage().then((m) => m.ProfilePage));
const TasksPage = lazyPage(() => loadTasksPage().then((m) => m.TasksPage));
const FeedPage = lazyPage(() => loadFeedPage().then((m) => m.FeedPage));
const UserPage = lazyPage(() => loadUserPage().then((m) => m.UserPage));
const StoryBotPage = lazyPage(() => loadStoryBotPage().then((m) => m.StoryBotPage));
const ChoosePromptPage = lazyPage(() => loadStoryBotPage().then((m) => m.ChoosePromptPage));
const NewPromptPage = lazyPage(() => import('../features/stories/components/new-prompt-page').then((m) => m.NewPromptPage));
const PromptDetailPage = lazyPage(() => import('../features/stories/components/prompt-detail-page').then((m) => m.PromptDetailPage));
const AdminUsersPage = lazyPage(() => loadAdminUsersPage().then((m) => m.AdminUsersPage));

/** The page a signed-in visit to a path shows (as AppRoutes routes it). */
const SIGNED_IN_PAGES: [RegExp, () => Promise<unknown>][] = [
  // The feed also asks for its first page at once, beside `me` (get-tweets.ts).
  [/^\/(tweets\/?)?$/, () => loadFeedPage().then((m) => m.prefetchFeed(apolloClient))],
  [/^\/u\//, loadUserPage],
  [/^\/tasks/, loadTasksPage],
  [/^\/stories/, loadStoryBotPage],
  [/^\/profile/, loadProfilePage],
  [/^\/admin/, loadAdminUsersPage],
];

/**
 * A cold visit's chunks start loading with the app instead of after the session is restored (one
 * or two round trips later, 150 ms each on a slow phone): signed out, the sign-up page (sign-in is in the entry);
 * with a stored session, the token exchange (the first query shares it), the signed-in frame and
 * the page of the address. On a slow phone the first render takes a second or more: all of this
 * runs meanwhile.
 */
function preloadFirstPage(pathname: string): void {
  if (!session.hasSession()) {
    if (pathname.startsWith('/register')) void loadRegisterPage();
    return;
  }
  // A failure here is the first query's to report: it asks again. The exchange starts now, before
  // main.tsx asks whether it has gone out (`me` reaches it only after its links' own awaits); `me`
  // goes out as soon as the token is there, not once the first render (long on a slow phone) has
  // mounted the guard that asks for it.
  session.accessTokenForRequest().catch(() => undefined);
  void apolloClient.query({ query: MeQuery }).catch(() => undefined);
  void loadAppLayout();
  void SIGNED_IN_PAGES.find(([path]) => path.test(pathname))?.[1]();
}
preloadFirstPage(window.location.pathname);

export function AppRoutes() {
  return (
    <Suspense fallback={<Loading label="Loading…" />}>
      <Routes>
        <Route element={<PublicOnly />}>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/register" element={<RegisterPage />} />
        </Route>
        <Route element={<RequireViewer />}>
          <Route element={<AppLayout />}>
            <Route index element={<Navigate to="/tweets" replace />} />
            <Route path="/tweets" element={<FeedPage />} />
            <Route path="/u/:username" element={<UserPage />} />
            <Route path="/tasks" element={<TasksPage />} />
            <Route path="/stories" element={<StoryBotPage />}>
              <Route index element={<ChoosePromptPage />} />
              <Route path="new" element={<NewPromptPage />} />
              <Route path=":promptId" element={<PromptDetailPage />} />
            </Route>
            <Route path="/profile" element={<ProfilePage />} />
            <Route element={<RequireAdmin />}>
              <Route path="/admin" element={<AdminUsersPage />} />
            </Route>
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}
