import { useState, type FormEvent } from 'react';
import {
  useCreateWebhook,
  useDeleteWebhook,
  useRotateCallbackSecret,
  useRotateWebhookSecret,
  useRotatingWebhookSecret,
  useTestWebhook,
  useUpdateWebhook,
  useWebhooks,
  type Webhook,
} from '../../api/admin.ts';
import { Alert, Badge, Button, Card, EmptyState, Input, Loading } from '../../ui/index.ts';
import { toggleEvent, webhookFormError, WEBHOOK_EVENTS } from './admin-logic.ts';
import { SecretBox } from './SecretBox.tsx';
import { Deliveries } from './WebhookDeliveries.tsx';
import { formatAgo, formatDateTime } from './format.ts';
import { AdminPage } from './AdminPage.tsx';
import '../../styles/manager.css';

/**
 * The org's webhooks (owner, admin): subscribe a URL to events (its signing secret is
 * shown once), edit, delete, send a test, rotate the secret, and read each webhook's
 * deliveries with a retry for finished ones. Also makes the org's callback secret.
 */
export function WebhooksPage() {
  return (
    <AdminPage title="Webhooks" refusal="manage webhooks" link={{ to: '/audit', label: 'Audit log →' }}>
      {() => <WebhooksBody />}
    </AdminPage>
  );
}

function EventChecks({ events, onChange, name }: { events: string[]; onChange: (next: string[]) => void; name: string }) {
  return (
    <fieldset className="row" style={{ border: 0, padding: 0, margin: '0 0 var(--space-3)' }}>
      <legend className="field__label">Events</legend>
      {WEBHOOK_EVENTS.map((ev) => (
        <label key={ev} className="check">
          <input type="checkbox" name={name} value={ev} checked={events.includes(ev)} onChange={(e) => onChange(toggleEvent(events, ev, e.target.checked))} />
          <code>{ev}</code>
        </label>
      ))}
    </fieldset>
  );
}

function WebhooksBody() {
  const hooks = useWebhooks();
  const create = useCreateWebhook();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['task.completed']);
  const [formError, setFormError] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  // Closing the open webhook while its secret rotates would lose the new secret (shown once).
  const rotating = useRotatingWebhookSecret();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const err = webhookFormError(url, events);
    setFormError(err);
    if (err) return;
    try {
      const w = await create.mutateAsync({ url: url.trim(), events });
      setSecret({ title: `Signing secret of webhook ${w.id} (${w.url}).`, value: w.secret });
      setUrl('');
      setOpen(w.id);
    } catch {
      /* shown from create.error */
    }
  };

  return (
    <div className="stack">
      <Card title="Add a webhook">
        <p className="muted card__lead">
          Tally POSTs each event you pick to this URL, signed with the webhook’s secret (<code>Tally-Signature</code>; see the API docs, “Webhooks”).
        </p>
        <form onSubmit={submit} noValidate data-testid="create-webhook">
          <Input label="URL" hint="An absolute http:// or https:// address" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://ml.example.com/tally" data-testid="webhook-url" error={formError ?? undefined} />
          <EventChecks events={events} onChange={setEvents} name="new-events" />
          <Button type="submit" variant="primary" busy={create.isPending} data-testid="webhook-create">
            Add webhook
          </Button>
        </form>
        {create.error && (
          <Alert tone="danger" style={{ marginTop: 'var(--space-3)' }}>
            {create.error.message}
          </Alert>
        )}
        {secret && <SecretBox title={secret.title} secret={secret.value} onDone={() => setSecret(null)} testId="webhook-secret" />}
      </Card>

      {hooks.isPending && <Loading label="Loading webhooks…" />}
      {hooks.error && <Alert tone="danger">Could not load webhooks: {hooks.error.message}</Alert>}
      {hooks.data && hooks.data.items.length === 0 && <EmptyState title="No webhooks yet" icon="🪝" />}
      {hooks.data && hooks.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="webhooks-table">
            <caption>
              {hooks.data.items.length} webhook{hooks.data.items.length === 1 ? '' : 's'}
            </caption>
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {hooks.data.items.map((w) => (
                <tr key={w.id} data-webhook-id={w.id} aria-selected={open === w.id}>
                  <td className="mono" style={{ wordBreak: 'break-all' }}>
                    {w.url}
                  </td>
                  <td>
                    <span className="row">
                      {w.events.map((ev) => (
                        <Badge key={ev}>{ev}</Badge>
                      ))}
                    </span>
                  </td>
                  <td title={formatDateTime(w.createdAt)}>{formatAgo(w.createdAt)}</td>
                  <td>
                    <Button
                      size="sm"
                      variant={open === w.id ? 'primary' : 'default'}
                      aria-expanded={open === w.id}
                      disabled={rotating}
                      title={rotating ? 'Wait for the new secret: it is shown once, in the open webhook' : undefined}
                      onClick={() => setOpen(open === w.id ? null : w.id)}
                      aria-label={`Manage webhook ${w.url}`}
                    >
                      {open === w.id ? 'Close' : 'Manage'}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open !== null && hooks.data?.items.find((w) => w.id === open) && (
        <WebhookDetail key={open} webhook={hooks.data.items.find((w) => w.id === open)!} onDeleted={() => setOpen(null)} />
      )}
      <CallbackSecretCard />
    </div>
  );
}

/** One webhook: edit, test, rotate the secret, delete, and its deliveries. */
function WebhookDetail({ webhook, onDeleted }: { webhook: Webhook; onDeleted: () => void }) {
  const update = useUpdateWebhook();
  const del = useDeleteWebhook();
  const test = useTestWebhook();
  const rotate = useRotateWebhookSecret();
  const [url, setUrl] = useState(webhook.url);
  const [events, setEvents] = useState<string[]>(webhook.events);
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const dirty = url.trim() !== webhook.url || events.join() !== webhook.events.join();

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const err = webhookFormError(url, events);
    setFormError(err);
    setSaved(false);
    if (err) return;
    const body: { id: number; url?: string; events?: string[] } = { id: webhook.id };
    if (url.trim() !== webhook.url) body.url = url.trim();
    if (events.join() !== webhook.events.join()) body.events = events;
    try {
      await update.mutateAsync(body);
      setSaved(true);
    } catch {
      /* shown from update.error */
    }
  };
  const error = update.error ?? del.error ?? test.error ?? rotate.error;

  return (
    <Card title={`Webhook ${webhook.id}`} data-testid="webhook-detail" data-webhook-id={webhook.id}>
      <form onSubmit={save} noValidate data-testid="edit-webhook">
        <Input label="URL" value={url} onChange={(e) => setUrl(e.target.value)} data-testid="edit-webhook-url" error={formError ?? undefined} />
        <EventChecks events={events} onChange={setEvents} name={`events-${webhook.id}`} />
        <div className="row">
          <Button type="submit" variant="primary" disabled={!dirty} busy={update.isPending}>
            Save changes
          </Button>
          {saved && !dirty && <span className="muted">Saved.</span>}
          <span className="spacer" />
          <Button busy={test.isPending} onClick={() => test.mutate(webhook.id)} data-testid="webhook-test">
            Send test
          </Button>
          {confirmRotate ? (
            <>
              <Button
                variant="danger"
                busy={rotate.isPending}
                autoFocus
                onClick={() =>
                  rotate.mutate(webhook.id, {
                    onSuccess: (r) => setSecret(r.secret),
                    onSettled: () => setConfirmRotate(false),
                  })
                }
              >
                Replace secret now
              </Button>
              <Button variant="ghost" onClick={() => setConfirmRotate(false)}>
                Cancel
              </Button>
            </>
          ) : (
            <Button onClick={() => setConfirmRotate(true)} title="The old secret stops working at once">
              Rotate secret
            </Button>
          )}
          {confirmDelete ? (
            <>
              <Button variant="danger" busy={del.isPending} autoFocus onClick={() => del.mutate(webhook.id, { onSuccess: onDeleted })} data-testid="webhook-delete-confirm">
                Delete webhook
              </Button>
              <Button variant="ghost" onClick={() => setConfirmDelete(false)}>
                Cancel
              </Button>
            </>
          ) : (
            <Button variant="ghost" onClick={() => setConfirmDelete(true)}>
              Delete…
            </Button>
          )}
        </div>
      </form>
      {confirmDelete && (
        <Alert tone="warning" style={{ marginTop: 'var(--space-3)' }}>
          Deleting stops its pending retries and removes its delivery records.
        </Alert>
      )}
      {confirmRotate && (
        <Alert tone="warning" style={{ marginTop: 'var(--space-3)' }}>
          The new secret signs everything sent from now on, retries of older deliveries included; the current one stops working at once.
        </Alert>
      )}
      {error && (
        <Alert tone="danger" style={{ marginTop: 'var(--space-3)' }}>
          {error.message}
        </Alert>
      )}
      {test.data && !test.error && (
        <p className="muted" role="status">
          Test delivery {test.data.id} queued.
        </p>
      )}
      {secret && <SecretBox title={`New signing secret of webhook ${webhook.id}.`} secret={secret} onDone={() => setSecret(null)} testId="webhook-secret" />}
      <Deliveries webhookId={webhook.id} />
    </Card>
  );
}

/** The org's callback secret (signs deliveries to tasks' callbackUrls): make or replace it, shown once. */
function CallbackSecretCard() {
  const rotate = useRotateCallbackSecret();
  const [confirm, setConfirm] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <Card title="Callback secret">
      <p className="muted card__lead">
        Signs the <code>task.completed</code> deliveries to the <code>callbackUrl</code> a task was imported with. Until the org has one, callbacks are sent unsigned. Making a new one replaces the old at once.
      </p>
      <div className="row">
        {confirm ? (
          <>
            <Button variant="danger" busy={rotate.isPending} autoFocus onClick={() => rotate.mutate(undefined, { onSuccess: (r) => setSecret(r.secret), onSettled: () => setConfirm(false) })} data-testid="callback-secret-confirm">
              Make a new callback secret now
            </Button>
            <Button variant="ghost" onClick={() => setConfirm(false)}>
              Cancel
            </Button>
          </>
        ) : (
          <Button onClick={() => setConfirm(true)} data-testid="callback-secret">
            Make or replace the callback secret
          </Button>
        )}
      </div>
      {rotate.error && (
        <Alert tone="danger" style={{ marginTop: 'var(--space-3)' }}>
          {rotate.error.message}
        </Alert>
      )}
      {secret && <SecretBox title="The org’s callback secret." secret={secret} onDone={() => setSecret(null)} testId="callback-secret-box" />}
    </Card>
  );
}
