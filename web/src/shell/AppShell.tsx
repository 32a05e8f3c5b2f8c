import { useQueryClient } from '@tanstack/react-query';
import { NavLink, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { api, ApiError } from '../api/client.ts';
import { useMe } from '../api/queries.ts';
import { atLeast } from '../lib/roles.ts';
import { useTheme } from '../lib/theme.ts';
import { Button, Loading } from '../ui/index.ts';
import { outboxFor } from '../pages/work/outbox.ts';

/** The top bar (org name, nav, theme toggle, user) around every signed-in page. */
export function AppShell() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { theme, toggle } = useTheme();

  if (me.isPending) return <Loading label="Loading your account…" />;
  if (me.error) {
    if (me.error instanceof ApiError && me.error.status === 401) {
      const next = location.pathname + location.search;
      return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
    }
    return (
      <div className="center-screen">
        <div className="alert alert--danger" role="alert">
          Could not load your account: {me.error.message}
        </div>
      </div>
    );
  }
  const { user, role, orgs, orgId } = me.data;
  // Answers queued while offline (or when a tab closed) are sent from whatever page is open.
  outboxFor(user.id);
  const org = orgs.find((o) => o.id === orgId);
  const logout = async () => {
    await api.post('/auth/logout').catch(() => undefined);
    qc.clear();
    navigate('/login', { replace: true });
  };

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="topbar__brand" end>
          Tally <span className="topbar__org" data-testid="org-name">{org?.name ?? `Org ${orgId}`}</span>
        </NavLink>
        <nav className="topbar__nav" aria-label="Main">
          <NavLink to="/" end>
            My projects
          </NavLink>
          {atLeast(role, 'manager') && <NavLink to="/projects/new">New project</NavLink>}
          {atLeast(role, 'admin') && <NavLink to="/members">Members</NavLink>}
          <NavLink to="/tokens">API tokens</NavLink>
          {atLeast(role, 'admin') && <NavLink to="/webhooks">Webhooks</NavLink>}
          {atLeast(role, 'admin') && <NavLink to="/audit">Audit log</NavLink>}
        </nav>
        <span className="spacer" />
        <Button
          variant="ghost"
          className="btn--icon"
          onClick={toggle}
          aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
          title={theme === 'dark' ? 'Light theme' : 'Dark theme'}
        >
          <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span>
        </Button>
        <span className="topbar__user" title={user.email}>
          {user.name} · {role}
        </span>
        <Button variant="ghost" size="sm" onClick={logout}>
          Log out
        </Button>
      </header>
      <main id="main" className="page-host" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
