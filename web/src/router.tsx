import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppShell } from './shell/AppShell.tsx';
import { RouteError } from './shell/RouteError.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { ProjectsPage } from './pages/ProjectsPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { Loading } from './ui/index.ts';

/**
 * Every page route. Pages other than login and "My projects" load lazily so the
 * first paint ships only what it shows. Each lazy page is one file exporting one
 * named component: replace the file to replace the page.
 */
export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    element: <AppShell />,
    errorElement: <RouteError />,
    hydrateFallbackElement: <Loading />,
    children: [
      { index: true, element: <ProjectsPage /> },
      { path: 'projects/new', lazy: async () => ({ Component: (await import('./pages/manager/NewProjectPage.tsx')).NewProjectPage }) },
      { path: 'projects/:id/work', lazy: async () => ({ Component: (await import('./pages/work/WorkPage.tsx')).WorkPage }) },
      { path: 'projects/:id/dashboard', lazy: async () => ({ Component: (await import('./pages/manager/DashboardPage.tsx')).DashboardPage }) },
      { path: 'projects/:id/tasks', lazy: async () => ({ Component: (await import('./pages/manager/TasksPage.tsx')).TasksPage }) },
      { path: 'projects/:id/settings', lazy: async () => ({ Component: (await import('./pages/manager/SettingsPage.tsx')).SettingsPage }) },
      { path: 'projects/:id/import', lazy: async () => ({ Component: (await import('./pages/manager/ImportPage.tsx')).ImportPage }) },
      { path: 'projects/:id/pay', lazy: async () => ({ Component: (await import('./pages/manager/PayPage.tsx')).PayPage }) },
      { path: 'projects/:id/review', lazy: async () => ({ Component: (await import('./pages/review/ReviewPage.tsx')).ReviewPage }) },
      { path: 'tasks/:id', lazy: async () => ({ Component: (await import('./pages/manager/TaskPage.tsx')).TaskPage }) },
      { path: 'members', lazy: async () => ({ Component: (await import('./pages/manager/MembersPage.tsx')).MembersPage }) },
      { path: 'tokens', lazy: async () => ({ Component: (await import('./pages/manager/TokensPage.tsx')).TokensPage }) },
      { path: 'webhooks', lazy: async () => ({ Component: (await import('./pages/manager/WebhooksPage.tsx')).WebhooksPage }) },
      { path: 'audit', lazy: async () => ({ Component: (await import('./pages/manager/AuditPage.tsx')).AuditPage }) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
