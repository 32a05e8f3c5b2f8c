import { useMemo, useState, type FormEvent } from 'react';
import { useAudit, useVerifyAudit } from '../../api/admin.ts';
import { useMembers } from '../../api/manager.ts';
import { Alert, Badge, Button, Card, EmptyState, Field, Input, Loading } from '../../ui/index.ts';
import { auditPath, AUDIT_ACTIONS, compactDetails, type AuditFilters } from './admin-logic.ts';
import { formatDateTime } from './format.ts';
import { AdminPage } from './AdminPage.tsx';
import '../../styles/manager.css';

/**
 * The org's audit log (owner, admin): newest first, filtered by action, actor and
 * target, older entries by "Load more" (the API's cursor), and a check of the hash
 * chain on the server.
 */
export function AuditPage() {
  return (
    <AdminPage title="Audit log" refusal="read the audit log" link={{ to: '/webhooks', label: 'Webhooks →' }}>
      {() => <AuditBody />}
    </AdminPage>
  );
}

function AuditBody() {
  const members = useMembers(true);
  const [draft, setDraft] = useState<AuditFilters>({});
  const [filters, setFilters] = useState<AuditFilters>({});
  const [draftError, setDraftError] = useState<string | null>(null);
  const audit = useAudit(filters);
  const verify = useVerifyAudit();
  const names = useMemo(() => new Map((members.data?.items ?? []).map((m) => [m.id, m.name || m.email])), [members.data]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    try {
      auditPath(draft, null);
      setDraftError(null);
      setFilters({ ...draft });
    } catch (err) {
      setDraftError((err as Error).message);
    }
  };
  const clear = () => {
    setDraft({});
    setFilters({});
    setDraftError(null);
  };
  const entries = audit.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(filters.action || filters.actor || filters.target);

  return (
    <div className="stack">
      <Card title="Integrity">
        <p className="muted card__lead">Every entry is hashed with the one before it, so an entry changed or removed in the database breaks the chain from there on.</p>
        <div className="row">
          <Button onClick={() => verify.mutate()} busy={verify.isPending} data-testid="audit-verify">
            Verify chain
          </Button>
          {verify.data && (
            <span data-testid="audit-verify-result" data-ok={String(verify.data.ok)} role="status">
              {verify.data.ok ? (
                <Badge tone="success">✓ chain ok · {verify.data.entries} entries</Badge>
              ) : (
                <Badge tone="danger">
                  ✗ chain broken at entry {verify.data.firstBadId} · {verify.data.entries} entries
                </Badge>
              )}
            </span>
          )}
        </div>
        {verify.error && (
          <Alert tone="danger" style={{ marginTop: 'var(--space-3)' }}>
            Could not verify: {verify.error.message}
          </Alert>
        )}
      </Card>

      <Card title="Filter">
        <form onSubmit={apply} noValidate data-testid="audit-filters">
          <div className="form-row">
            <Input label="Action" hint="Exact, e.g. webhook.create" list="audit-actions" value={draft.action ?? ''} onChange={(e) => setDraft({ ...draft, action: e.target.value })} data-testid="audit-action" />
            <datalist id="audit-actions">
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a} />
              ))}
            </datalist>
            <Field label="Actor" hint="Who made the change" error={draftError ?? undefined}>
              {({ id, describedBy }) => (
                <select id={id} className="select" aria-describedby={describedBy} value={draft.actor ?? ''} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} data-testid="audit-actor">
                  <option value="">Anyone</option>
                  {(members.data?.items ?? []).map((m) => (
                    <option key={m.id} value={String(m.id)}>
                      {m.name} — {m.email}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Input label="Target" hint="Exact, e.g. project:12" value={draft.target ?? ''} onChange={(e) => setDraft({ ...draft, target: e.target.value })} data-testid="audit-target" />
          </div>
          <div className="row">
            <Button type="submit" variant="primary" data-testid="audit-apply">
              Apply filters
            </Button>
            <Button variant="ghost" onClick={clear} disabled={!filtered && !draft.action && !draft.actor && !draft.target}>
              Clear
            </Button>
          </div>
        </form>
      </Card>

      {audit.isPending && <Loading label="Loading the audit log…" />}
      {audit.error && <Alert tone="danger">Could not load the audit log: {audit.error.message}</Alert>}
      {audit.data && entries.length === 0 && <EmptyState title={filtered ? 'No entries match these filters' : 'No entries yet'} icon="📜" />}
      {entries.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="audit-table">
            <caption>
              {entries.length} entr{entries.length === 1 ? 'y' : 'ies'}, newest first{audit.hasNextPage ? ' (more below)' : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-entry-id={e.id} data-action={e.action}>
                  <td title={`entry ${e.id}`} style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(e.at)}
                  </td>
                  <td style={{ whiteSpace: 'nowrap' }}>{e.actor === null ? <span className="muted">system</span> : <>{names.get(e.actor) ?? 'user'} <span className="muted mono">#{e.actor}</span></>}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td className="mono">{e.target ?? '—'}</td>
                  <td className="mono" title={JSON.stringify(e.details, null, 2)} style={{ wordBreak: 'break-word' }}>
                    {compactDetails(e.details)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {audit.hasNextPage && (
        <div>
          <Button onClick={() => void audit.fetchNextPage()} busy={audit.isFetchingNextPage} data-testid="audit-more">
            Load more
          </Button>
        </div>
      )}
    </div>
  );
}
