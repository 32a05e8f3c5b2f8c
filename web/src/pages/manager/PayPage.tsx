import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { paySettingsOf, type PaySettings } from '../../../../core/pay/index.ts';
import { ApiError } from '../../api/client.ts';
import { usePayReport, useSavePay, useSettle, type PayLine, type Period, type SettleResult } from '../../api/pay.ts';
import { useMe, useProject } from '../../api/queries.ts';
import { atLeast } from '../../lib/roles.ts';
import { currencyDigits, formatMoney, minorToDecimal } from '../../lib/money.ts';
import { Alert, Button, Card, EmptyState, Input, Loading } from '../../ui/index.ts';
import { formatDateTime, formatDuration, formatInt } from './format.ts';
import { checkPayText, type PayText } from './pay-form.ts';
import { idParam, ProjectHeader } from './ProjectHeader.tsx';

const DAY = 86_400_000;
/** A date input's value (UTC), e.g. "2026-12-02". */
const dateText = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** A period bound: its UTC day when it is a midnight, else the day and time (UTC). */
const instantText = (iso: string) => (iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`);

/**
 * A project's pay (managers): its settings, each annotator's pay for a period
 * (active time, pieces, bonuses, top-ups, effective hourly, what the floor still
 * owes), and settling the period. See docs/pay.md.
 */
export function PayPage() {
  const projectId = idParam(useParams().id);
  const me = useMe();
  const project = useProject(projectId);
  const manager = atLeast(me.data?.role, 'manager');
  const today = Math.floor(Date.now() / DAY) * DAY;
  // Dates are UTC days; `to` is exclusive, so the default week ends with today.
  const [range, setRange] = useState({ from: dateText(today - 6 * DAY), to: dateText(today + DAY) });
  const period: Period = { from: range.from, to: range.to };
  const report = usePayReport(projectId, period, manager && range.from < range.to);
  const pay = project.data ? paySettingsOf(project.data.pay) : null;

  if (me.data && !manager) {
    return (
      <div className="page">
        <ProjectHeader projectId={projectId} title="Pay" />
        <Alert tone="warning">Only managers can see everyone’s pay. Your own earnings are shown in the workspace.</Alert>
      </div>
    );
  }
  const currency = report.data?.currency ?? pay?.currency ?? null;
  const money = (n: number | null | undefined) => formatMoney(n, currency);
  return (
    <div className="page">
      <ProjectHeader projectId={projectId} title="Pay" />
      <div className="stack">
        {project.data && <PaySettingsCard key={JSON.stringify(project.data.pay)} projectId={projectId} pay={pay} />}

        <div className="toolbar" role="group" aria-label="Pay period">
          <Input label="From (UTC day)" type="date" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} data-testid="pay-from" />
          <Input label="To (exclusive)" type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} data-testid="pay-to" />
        </div>
        {range.from >= range.to && <Alert tone="warning">The period’s start must be before its end.</Alert>}
        {report.isPending && range.from < range.to && <Loading label="Loading pay…" />}
        {report.error && <Alert tone="danger">Could not load pay: {report.error.message}</Alert>}
        {report.data && report.data.items.length === 0 && <EmptyState title="No pay in this period" />}
        {report.data && report.data.items.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="pay-table">
              <caption>
                Pay from {range.from} to {range.to} (exclusive){pay ? `; floor ${money(pay.hourlyFloorMinor)}/h` : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Annotator</th>
                  <th scope="col" className="num">Active time</th>
                  <th scope="col" className="num">Annotations</th>
                  <th scope="col" className="num">Pieces</th>
                  <th scope="col" className="num">Bonuses</th>
                  <th scope="col" className="num">Top-ups</th>
                  <th scope="col" className="num">Total</th>
                  <th scope="col" className="num">Per hour</th>
                  <th scope="col" className="num">Owed to floor</th>
                </tr>
              </thead>
              <tbody>
                {report.data.items.map((l) => (
                  <PayRow key={l.userId} line={l} money={money} />
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Total</th>
                  <td className="num">{formatDuration(report.data.totals.activeMs)}</td>
                  <td className="num">{formatInt(report.data.totals.annotations)}</td>
                  <td className="num">{money(report.data.totals.pieceMinor)}</td>
                  <td className="num">{money(report.data.totals.bonusMinor)}</td>
                  <td className="num">{money(report.data.totals.topupMinor)}</td>
                  <td className="num">{money(report.data.totals.totalMinor)}</td>
                  <td />
                  <td className="num">{money(report.data.totals.owedMinor)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        )}
        {report.data && report.data.settlements.length > 0 && (
          <p className="muted" data-testid="pay-settlements">
            Settled periods here:{' '}
            {report.data.settlements.map((s) => `${instantText(s.from)} to ${instantText(s.to)} (at ${formatMoney(s.hourlyFloorMinor, s.currency)}/h)`).join('; ')}
          </p>
        )}
        {pay && <SettleCard projectId={projectId} period={period} currency={currency} />}
      </div>
    </div>
  );
}

function PayRow({ line: l, money }: { line: PayLine; money: (n: number | null | undefined) => string }) {
  return (
    <tr data-annotator={l.email}>
      <td>
        {l.name} <span className="muted mono">{l.email}</span>
      </td>
      <td className="num">{formatDuration(l.activeMs)}</td>
      <td className="num">{formatInt(l.annotations)}</td>
      <td className="num">{money(l.pieceMinor)}</td>
      <td className="num">{money(l.bonusMinor)}</td>
      <td className="num">{money(l.topupMinor)}</td>
      <td className="num">{money(l.totalMinor)}</td>
      <td className="num">{l.effectiveHourlyMinor === null ? '—' : money(l.effectiveHourlyMinor)}</td>
      <td className="num">{l.owedMinor > 0 ? <strong>{money(l.owedMinor)}</strong> : money(0)}</td>
    </tr>
  );
}

function SettleCard({ projectId, period, currency }: { projectId: number; period: Period; currency: string | null }) {
  const settle = useSettle(projectId);
  const [done, setDone] = useState<SettleResult | null>(null);
  const run = async () => {
    setDone(null);
    try {
      setDone(await settle.mutateAsync(period));
    } catch {
      /* shown below from settle.error */
    }
  };
  const topups = done ? done.items.filter((l) => l.topupMinor > 0) : [];
  return (
    <Card title="Settle the period">
      <p className="muted card__lead">
        Writes a top-up for every annotator paid below the floor for their active time from {period.from} to {period.to}. Settling the same period again
        changes nothing; a period that overlaps a settled one, or has not ended, is refused.
      </p>
      <div className="row">
        <Button variant="primary" onClick={() => void run()} busy={settle.isPending} disabled={period.from >= period.to} data-testid="pay-settle">
          Settle {period.from} to {period.to}
        </Button>
      </div>
      {settle.error && (
        <Alert tone="danger" data-testid="settle-error">
          {settle.error.message}
        </Alert>
      )}
      {done && (
        <Alert tone="success" data-testid="settle-done">
          {done.replayed ? 'This period was already settled; nothing was added. ' : 'Settled. '}
          {topups.length === 0
            ? 'Everyone was at or above the floor: no top-ups.'
            : `${topups.length} top-up${topups.length === 1 ? '' : 's'}, ${formatMoney(
                topups.reduce((n, l) => n + l.topupMinor, 0),
                currency,
              )} in all (settled ${formatDateTime(done.settlement.createdAt)}).`}
        </Alert>
      )}
    </Card>
  );
}

function PaySettingsCard({ projectId, pay }: { projectId: number; pay: PaySettings | null }) {
  const save = useSavePay(projectId);
  const digits = pay ? currencyDigits(pay.currency) : 2;
  const [t, setT] = useState<PayText>({
    currency: pay?.currency ?? 'USD',
    piece: pay ? minorToDecimal(pay.pieceRateMinor, digits) : '0',
    floor: pay ? minorToDecimal(pay.hourlyFloorMinor, digits) : '0',
    capMinutes: String((pay?.maxActiveMsPerTask ?? 600_000) / 60_000),
  });
  const [attempted, setAttempted] = useState(false);
  const checked = checkPayText(t);
  const errors = attempted && !checked.ok ? checked.errors : {};
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    if (!checked.ok) return;
    try {
      await save.mutateAsync(checked.pay);
    } catch {
      /* shown below */
    }
  };
  const error = save.error instanceof ApiError ? save.error.message : save.error?.message;
  return (
    <Card title="Pay settings">
      <p className="muted card__lead">
        {pay
          ? `Paid: ${formatMoney(pay.pieceRateMinor, pay.currency)} per annotation, at least ${formatMoney(pay.hourlyFloorMinor, pay.currency)} per active hour.`
          : 'This project is unpaid: annotations earn nothing in the ledger.'}
      </p>
      <form onSubmit={submit} noValidate data-testid="pay-settings">
        <div className="form-row">
          <Input label="Currency" hint="ISO 4217, e.g. USD" value={t.currency} onChange={(e) => setT({ ...t, currency: e.target.value })} error={errors.currency} maxLength={3} data-testid="pay-currency" />
          <Input label="Per annotation" inputMode="decimal" value={t.piece} onChange={(e) => setT({ ...t, piece: e.target.value })} error={errors.piece} data-testid="pay-piece" />
          <Input label="Hourly floor" hint="Guaranteed per active hour" inputMode="decimal" value={t.floor} onChange={(e) => setT({ ...t, floor: e.target.value })} error={errors.floor} data-testid="pay-floor" />
          <Input
            label="Most minutes per task"
            hint="Active time beyond this is not paid"
            inputMode="decimal"
            value={t.capMinutes}
            onChange={(e) => setT({ ...t, capMinutes: e.target.value })}
            error={errors.capMinutes}
            data-testid="pay-cap"
          />
        </div>
        {error && <Alert tone="danger">{error}</Alert>}
        <div className="row">
          <Button type="submit" variant="primary" busy={save.isPending} data-testid="pay-save">
            {pay ? 'Save pay' : 'Start paying'}
          </Button>
          {pay && (
            <Button onClick={() => void save.mutateAsync({}).catch(() => undefined)} disabled={save.isPending}>
              Make unpaid
            </Button>
          )}
        </div>
      </form>
    </Card>
  );
}
