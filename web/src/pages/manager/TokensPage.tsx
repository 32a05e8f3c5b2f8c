import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useCreateToken, useMembers, useRevokeToken, useTokens, type ApiToken } from '../../api/manager.ts';
import { useMe } from '../../api/queries.ts';
import { atLeast } from '../../lib/roles.ts';
import { Alert, Badge, Button, Card, EmptyState, Field, Input, Loading } from '../../ui/index.ts';
import { formatAgo, formatDateTime } from './format.ts';
import '../../styles/manager.css';

/** API tokens: create one (its secret is shown once), list them by prefix, revoke. Admins see and manage everyone's. */
export function TokensPage() {
  const me = useMe();
  const admin = atLeast(me.data?.role, 'admin');
  const tokens = useTokens();
  const members = useMembers(admin);
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState('');
  const [owner, setOwner] = useState<number | null>(null);
  const [secret, setSecret] = useState<{ token: string; prefix: string; forEmail: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState<number | null>(null);
  const secretRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (secret) secretRef.current?.focus();
  }, [secret]);

  const myId = me.data?.user.id;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!myId) return;
    const userId = owner ?? myId;
    const forEmail = userId === myId ? me.data!.user.email : (members.data?.items.find((m) => m.id === userId)?.email ?? `user ${userId}`);
    try {
      const t = await create.mutateAsync({ userId, name: name.trim() || undefined });
      setSecret({ token: t.token, prefix: t.prefix, forEmail });
      setCopied(false);
      setName('');
    } catch {
      /* shown from create.error */
    }
  };
  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret.token);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  const live = tokens.data?.items.filter((t) => !t.revokedAt) ?? [];
  const revoked = tokens.data?.items.filter((t) => t.revokedAt) ?? [];
  return (
    <div className="page">
      <div className="page-header">
        <h1>API tokens</h1>
      </div>
      <div className="stack">
        <Card title="Create a token">
          <p className="muted card__lead">
            A token lets scripts, the CLI and the SDK act as its member: send it as <code>Authorization: Bearer &lt;token&gt;</code>.
          </p>
          <form onSubmit={submit} noValidate data-testid="create-token">
            <div className="form-row">
              <Input label="Name" hint="What it is for, e.g. “import script”" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} data-testid="token-name" />
              {admin && (
                <Field label="For member" hint="Admins can issue tokens for anyone in the org">
                  {({ id, describedBy }) => (
                    <select id={id} className="select" aria-describedby={describedBy} value={owner ?? myId ?? ''} onChange={(e) => setOwner(Number(e.target.value))}>
                      {(members.data?.items ?? (me.data ? [{ id: me.data.user.id, email: me.data.user.email, name: me.data.user.name, role: me.data.role }] : [])).map((m) => (
                        <option key={m.id} value={m.id}>
                          {m.name} — {m.email} ({m.role})
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              )}
            </div>
            <Button type="submit" variant="primary" busy={create.isPending} data-testid="token-create">
              Create token
            </Button>
          </form>
          {create.error && (
            <Alert tone="danger" style={{ marginTop: 'var(--space-3)' }}>
              {create.error.message}
            </Alert>
          )}
          {secret && (
            <div ref={secretRef} tabIndex={-1} style={{ marginTop: 'var(--space-4)' }}>
              <Alert tone="warning" data-testid="token-secret">
                <p>
                  <strong>Copy this token now.</strong> It is shown only once; Tally keeps only a hash. Token for {secret.forEmail}:
                </p>
                <div className="secret">
                  <code data-testid="token-value">{secret.token}</code>
                  <span className="spacer" />
                  <Button size="sm" onClick={() => void copy()}>
                    {copied ? '✓ Copied' : 'Copy'}
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setSecret(null)}>
                    Done
                  </Button>
                </div>
              </Alert>
            </div>
          )}
        </Card>

        {tokens.isPending && <Loading label="Loading tokens…" />}
        {tokens.error && <Alert tone="danger">Could not load tokens: {tokens.error.message}</Alert>}
        {revoke.error && <Alert tone="danger">Could not revoke: {revoke.error.message}</Alert>}
        {tokens.data && tokens.data.items.length === 0 && <EmptyState title="No tokens yet" icon="🔑" />}
        {live.length > 0 && (
          <TokenTable title={`Active tokens (${live.length})`} tokens={live} showOwner={admin} confirming={confirming} setConfirming={setConfirming} onRevoke={(id) => revoke.mutate(id, { onSettled: () => setConfirming(null) })} revokingId={revoke.isPending ? revoke.variables : undefined} />
        )}
        {revoked.length > 0 && <TokenTable title={`Revoked (${revoked.length})`} tokens={revoked} showOwner={admin} />}
      </div>
    </div>
  );
}

function TokenTable({
  title,
  tokens,
  showOwner,
  confirming,
  setConfirming,
  onRevoke,
  revokingId,
}: {
  title: string;
  tokens: ApiToken[];
  showOwner: boolean;
  confirming?: number | null;
  setConfirming?: (id: number | null) => void;
  onRevoke?: (id: number) => void;
  revokingId?: number;
}) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid={onRevoke ? 'tokens-table' : 'revoked-table'}>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Prefix</th>
            {showOwner && <th scope="col">Member</th>}
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">{onRevoke ? <span className="visually-hidden">Actions</span> : 'Revoked'}</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} data-token-id={t.id}>
              <td>{t.name || <span className="muted">unnamed</span>}</td>
              <td className="mono">{t.prefix}…</td>
              {showOwner && <td>{t.userEmail}</td>}
              <td title={formatDateTime(t.createdAt)}>{formatAgo(t.createdAt)}</td>
              <td title={formatDateTime(t.lastUsedAt)}>{t.lastUsedAt ? formatAgo(t.lastUsedAt) : <span className="muted">never</span>}</td>
              <td>
                {!onRevoke ? (
                  <Badge>{formatDateTime(t.revokedAt)}</Badge>
                ) : confirming === t.id ? (
                  <span className="row" style={{ flexWrap: 'nowrap' }}>
                    <Button size="sm" variant="danger" busy={revokingId === t.id} onClick={() => onRevoke(t.id)} autoFocus>
                      Revoke {t.prefix}…
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => setConfirming?.(null)}>
                      Cancel
                    </Button>
                  </span>
                ) : (
                  <Button size="sm" onClick={() => setConfirming?.(t.id)} aria-label={`Revoke token ${t.name || t.prefix}`}>
                    Revoke
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
