import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useAddMember, useMembers } from '../../api/manager.ts';
import { useMe } from '../../api/queries.ts';
import type { Role } from '../../api/types.ts';
import { atLeast } from '../../lib/roles.ts';
import { Alert, Badge, Button, Card, EmptyState, Field, Input, Loading } from '../../ui/index.ts';
import { formatDateTime } from './format.ts';
import '../../styles/manager.css';

const ROLES: Role[] = ['annotator', 'reviewer', 'manager', 'admin', 'owner'];
const ROLE_HELP: Record<Role, string> = {
  annotator: 'Labels tasks',
  reviewer: 'Also reviews results and reads stats',
  manager: 'Also creates projects, imports, exports',
  admin: 'Also manages members and everyone’s tokens',
  owner: 'Everything',
};
const ROLE_TONE: Record<Role, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  annotator: 'neutral',
  reviewer: 'info',
  manager: 'success',
  admin: 'warning',
  owner: 'danger',
};

/** The org's people and roles; admins add members (with a password for the web app). */
export function MembersPage() {
  const me = useMe();
  const admin = atLeast(me.data?.role, 'admin');
  const members = useMembers(admin);
  if (me.data && !admin) {
    return (
      <div className="page">
        <div className="page-header">
          <h1>Members</h1>
        </div>
        <Alert tone="warning">Only admins can see and manage members. You are signed in as {me.data.role}.</Alert>
      </div>
    );
  }
  return (
    <div className="page">
      <div className="page-header">
        <h1>Members</h1>
        <span className="spacer" />
        <Link to="/tokens">API tokens →</Link>
      </div>
      <div className="stack">
        {me.data && <AddMember myRole={me.data.role} />}
        {members.isPending && <Loading label="Loading members…" />}
        {members.error && <Alert tone="danger">Could not load members: {members.error.message}</Alert>}
        {members.data && members.data.items.length === 0 && <EmptyState title="No members" />}
        {members.data && members.data.items.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="members-table">
              <caption>
                {members.data.items.length} member{members.data.items.length === 1 ? '' : 's'}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Member since</th>
                </tr>
              </thead>
              <tbody>
                {members.data.items.map((m) => (
                  <tr key={m.id} data-member={m.email}>
                    <td>
                      {m.name} {m.id === me.data?.user.id && <Badge>you</Badge>}
                    </td>
                    <td className="mono">{m.email}</td>
                    <td>
                      <Badge tone={ROLE_TONE[m.role]}>{m.role}</Badge>
                    </td>
                    <td>{formatDateTime(m.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}

function AddMember({ myRole }: { myRole: Role }) {
  const add = useAddMember();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('annotator');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [added, setAdded] = useState<string | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  // A member may grant only roles at or below their own (server/policies/roles.ts).
  const grantable = ROLES.filter((r) => atLeast(myRole, r));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof errors = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) errs.email = 'Enter an email address.';
    if (password && password.length < 8) errs.password = 'At least 8 characters.';
    setErrors(errs);
    setAdded(null);
    if (Object.keys(errs).length) return;
    try {
      const m = await add.mutateAsync({ email: email.trim(), name: name.trim() || undefined, role, password: password || undefined });
      setAdded(`${m.email} was added as ${m.role}.`);
      setEmail('');
      setName('');
      setPassword('');
      emailRef.current?.focus();
    } catch {
      /* shown below from add.error */
    }
  };

  return (
    <Card title="Add a member">
      <form onSubmit={submit} noValidate data-testid="add-member">
        <div className="form-row">
          <Input label="Email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} inputRef={emailRef} required />
          <Input label="Name" hint="Optional; defaults to the email’s name" value={name} onChange={(e) => setName(e.target.value)} />
          <Field label="Role" hint={ROLE_HELP[role]}>
            {({ id, describedBy }) => (
              <select id={id} className="select" aria-describedby={describedBy} value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {grantable.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Input
            label="Password"
            type="password"
            autoComplete="new-password"
            hint="Optional: lets them sign in to the web app (8+ characters)"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.password}
          />
        </div>
        <div className="row">
          <Button type="submit" variant="primary" busy={add.isPending}>
            Add member
          </Button>
          {added && (
            <span role="status" className="muted" data-testid="member-added">
              ✓ {added}
            </span>
          )}
        </div>
        {add.error && !added && (
          <Alert tone="danger" style={{ marginTop: 'var(--space-3)' }}>
            {add.error.message}
          </Alert>
        )}
      </form>
    </Card>
  );
}
