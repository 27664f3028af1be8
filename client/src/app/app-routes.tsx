import { lazy, Suspense } from 'react';
import { Loading } from '../components/query-state';
import { Navigate, Route, Routes } from 'react-router';
import { session } from './chorus-client';
import { NotFoundPage } from './not-found-page';
import { PublicOnly, RequireAdmin, RequireViewer } from './route-guards';

// The signed-in frame is its own chunk: the sign-in page does without it (and its AppShell). With a
// stored session it loads while the session is restored, so it never waits on the network after it.
const loadAppLayout = () => import('./app-layout');
if (session.hasSession()) void loadAppLayout();
const AppLayout = lazy(() => loadAppLayout().then((m) => ({ default: m.AppLayout })));
// Every page is its own chunk: the first load carries only the shell.
const LoginPage = lazy(() => import('../features/auth/components/login-page').then((m) => ({ default: m.LoginPage })));
const RegisterPage = lazy(() => import('../features/auth/components/register-page').then((m) => ({ default: m.RegisterPage })));
const ProfilePage = lazy(() => import('../features/profile/components/profile-page').then((m) => ({ default: m.ProfilePage })));
const TasksPage = lazy(() => import('../features/tasks/components/tasks-page').then((m) => ({ default: m.TasksPage })));
const FeedPage = lazy(() => import('../features/tweets/components/feed-page').then((m) => ({ default: m.FeedPage })));
const UserPage = lazy(() => import('../features/tweets/components/user-page').then((m) => ({ default: m.UserPage })));
const StoryBotPage = lazy(() => import('../features/stories/components/story-bot-page').then((m) => ({ default: m.StoryBotPage })));
const ChoosePromptPage = lazy(() => import('../features/stories/components/story-bot-page').then((m) => ({ default: m.ChoosePromptPage })));
const NewPromptPage = lazy(() => import('../features/stories/components/new-prompt-page').then((m) => ({ default: m.NewPromptPage })));
const PromptDetailPage = lazy(() => import('../features/stories/components/prompt-detail-page').then((m) => ({ default: m.PromptDetailPage })));
const AdminUsersPage = lazy(() => import('../features/admin/components/admin-users-page').then((m) => ({ default: m.AdminUsersPage })));

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
