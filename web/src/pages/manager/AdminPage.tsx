import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useMe } from '../../api/queries.ts';
import { atLeast } from '../../lib/roles.ts';
import { Alert, Loading } from '../../ui/index.ts';
import '../../styles/manager.css';

/**
 * The frame of an owner/admin page (webhooks, audit log): its title, a link to
 * its sibling page, and its body once the caller is known to be an admin; anyone
 * else reads why they cannot see it (the API would answer 403 anyway).
 */
export function AdminPage({ title, refusal, link, children }: { title: string; refusal: string; link: { to: string; label: string }; children: () => ReactNode }) {
  const me = useMe();
  if (me.data && !atLeast(me.data.role, 'admin')) {
    return (
      <div className="page">
        <div className="page-header">
          <h1>{title}</h1>
        </div>
        <Alert tone="warning">
          Only owners and admins can {refusal}. You are signed in as {me.data.role}.
        </Alert>
      </div>
    );
  }
  return (
    <div className="page">
      <div className="page-header">
        <h1>{title}</h1>
        <span className="spacer" />
        <Link to={link.to}>{link.label}</Link>
      </div>
      {me.data ? children() : <Loading />}
    </div>
  );
}
