import { useDeliveries, useRetryDelivery, type Delivery } from '../../api/admin.ts';
import { Alert, Badge, Button, Loading, type BadgeTone } from '../../ui/index.ts';
import { canRetry } from './admin-logic.ts';
import { formatAgo, formatDateTime } from './format.ts';

const STATUS_TONE: Record<string, BadgeTone> = { delivered: 'success', failed: 'danger', pending: 'warning' };

/** A webhook's deliveries, newest 50, with a retry for finished ones and the server's refusal shown. */
export function Deliveries({ webhookId }: { webhookId: number }) {
  const deliveries = useDeliveries(webhookId);
  const retry = useRetryDelivery();
  return (
    <div style={{ marginTop: 'var(--space-4)' }}>
      <h3>Deliveries</h3>
      {deliveries.isPending && <Loading label="Loading deliveries…" />}
      {deliveries.error && <Alert tone="danger">Could not load deliveries: {deliveries.error.message}</Alert>}
      {retry.error && (
        <Alert tone="danger" data-testid="retry-error">
          Could not retry delivery {retry.variables?.deliveryId}: {retry.error.message}
        </Alert>
      )}
      {deliveries.data && deliveries.data.items.length === 0 && <p className="muted">No deliveries yet. “Send test” makes one.</p>}
      {deliveries.data && deliveries.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="deliveries-table">
            <caption>Newest first{deliveries.data.nextCursor !== null ? ' (latest 50)' : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">Next attempt</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.items.map((d) => (
                <DeliveryRow key={d.id} d={d} busy={retry.isPending && retry.variables?.deliveryId === d.id} onRetry={() => retry.mutate({ webhookId, deliveryId: d.id })} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function DeliveryRow({ d, busy, onRetry }: { d: Delivery; busy: boolean; onRetry: () => void }) {
  return (
    <tr data-delivery-id={d.id} data-status={d.status}>
      <td className="mono">{d.id}</td>
      <td>
        <code>{d.event}</code>
      </td>
      <td>
        <Badge tone={STATUS_TONE[d.status] ?? 'neutral'}>{d.status}</Badge>
      </td>
      <td>{d.attempts}</td>
      <td>
        {d.lastStatus !== null && <span className="mono">{d.lastStatus}</span>}
        {d.lastError && (
          <span className="muted" style={{ display: 'block', wordBreak: 'break-word' }}>
            {d.lastError}
          </span>
        )}
        {d.lastStatus === null && !d.lastError && <span className="muted">—</span>}
      </td>
      <td title={formatDateTime(d.nextAttemptAt)}>{d.status === 'pending' && d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : <span className="muted">—</span>}</td>
      <td title={formatDateTime(d.createdAt)}>{formatAgo(d.createdAt)}</td>
      <td>
        <Button size="sm" busy={busy} disabled={!canRetry(d.status)} onClick={onRetry} aria-label={`Retry delivery ${d.id}`} title={canRetry(d.status) ? 'Send it again' : 'Still being tried'}>
          Retry
        </Button>
      </td>
    </tr>
  );
}
