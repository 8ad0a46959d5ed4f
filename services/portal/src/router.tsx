import { createBrowserRouter } from 'react-router';
import { LoginPage } from './pages/LoginPage';
import { RouteError } from './ui/RouteError';

// The login page is in the first chunk; the frame behind the login and every page in it are
// loaded when first opened (docs/portal.md: what a first visit downloads).
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  { path: '/register', lazy: () => import('./pages/RegisterAdminPage').then((m) => ({ Component: m.RegisterAdminPage })) },
  { path: '/reset-password', lazy: () => import('./pages/ResetPasswordPage').then((m) => ({ Component: m.ResetPasswordPage })) },
  {
    path: '/',
    lazy: () => import('./layout/SignedIn').then((m) => ({ Component: m.SignedIn })),
    errorElement: <RouteError />,
    children: [
      { index: true, lazy: () => import('./pages/HomePage').then((m) => ({ Component: m.HomePage })) },
      { path: 'mine', lazy: () => import('./pages/mine/MinePage').then((m) => ({ Component: m.MinePage })) },
      { path: 'password', lazy: () => import('./pages/ChangePasswordPage').then((m) => ({ Component: m.ChangePasswordPage })) },
      { path: 'orgs/:orgId', lazy: () => import('./pages/orgs/OrgPage').then((m) => ({ Component: m.OrgPage })) },
      { path: 'orgs/:orgId/members', lazy: () => import('./pages/MembersPage').then((m) => ({ Component: m.MembersPage })) },
      {
        path: 'orgs/:orgId/statistics',
        lazy: () => import('./pages/StatisticsPage').then((m) => ({ Component: m.StatisticsPage })),
      },
      { path: 'orgs/:orgId/imports', lazy: () => import('./pages/ImportPage').then((m) => ({ Component: m.ImportPage })) },
      { path: 'messages', lazy: () => import('./pages/MessagesPage').then((m) => ({ Component: m.MessagesPage })) },
      { path: 'transfers', lazy: () => import('./pages/TransfersPage').then((m) => ({ Component: m.TransfersPage })) },
      { path: '*', lazy: () => import('./ui/NotFound').then((m) => ({ Component: m.NotFound })) },
    ],
  },
]);
