import { Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Loading } from '../components/query-state';
import { AppLayout } from './app-layout';
import { lazyPage } from './lazy-page';
import { NotFoundPage } from './not-found-page';
import { PublicOnly, RequireAdmin, RequireViewer } from './route-guards';

// Every page is its own chunk: the first load carries only the shell. Each has its own error boundary
// and downloads again after a failure (lazy-page.tsx).
const LoginPage = lazyPage(() => import('../features/auth/components/login-page').then((m) => m.LoginPage));
const RegisterPage = lazyPage(() => import('../features/auth/components/register-page').then((m) => m.RegisterPage));
const ProfilePage = lazyPage(() => import('../features/profile/components/profile-page').then((m) => m.ProfilePage));
const TasksPage = lazyPage(() => import('../features/tasks/components/tasks-page').then((m) => m.TasksPage));
const FeedPage = lazyPage(() => import('../features/tweets/components/feed-page').then((m) => m.FeedPage));
const UserPage = lazyPage(() => import('../features/tweets/components/user-page').then((m) => m.UserPage));
const StoryBotPage = lazyPage(() => import('../features/stories/components/story-bot-page').then((m) => m.StoryBotPage));
const ChoosePromptPage = lazyPage(() => import('../features/stories/components/story-bot-page').then((m) => m.ChoosePromptPage));
const NewPromptPage = lazyPage(() => import('../features/stories/components/new-prompt-page').then((m) => m.NewPromptPage));
const PromptDetailPage = lazyPage(() => import('../features/stories/components/prompt-detail-page').then((m) => m.PromptDetailPage));
const AdminUsersPage = lazyPage(() => import('../features/admin/components/admin-users-page').then((m) => m.AdminUsersPage));

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
