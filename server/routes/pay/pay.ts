import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TallyApp } from '../../app.ts';
import { IdParam } from '../ids.ts';
import { myPay, payBonus, projectPayReport, settlePayPeriod } from '../../commands/pay.ts';
import { BonusBody, BonusOut, MyPayOut, MyPayQuery, PayReportOut, PeriodQuery, periodOf, SettleBody, SettleOut } from './schema.ts';

/** Fair pay: reports, settling a period's floor top-ups, bonuses, and an annotator's own earnings (docs/pay.md). */
export async function payRoutes(app: TallyApp) {
  const { db } = app.tally.database;
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/projects/:id/pay',
    {
      schema: {
        tags: ['pay'],
        summary: 'Pay per annotator for a period: active time, pieces, top-ups, bonuses, effective hourly, owed (manager+)',
        params: IdParam,
        querystring: PeriodQuery,
        response: { 200: PayReportOut },
      },
    },
    async (req) => projectPayReport(db, req.auth, req.params.id, periodOf(req.query)),
  );
  r.post(
    '/projects/:id/pay/settle',
    {
      schema: {
        tags: ['pay'],
        summary: "Settle a pay period: top up every annotator below the project's hourly floor (idempotent per period; manager+)",
        params: IdParam,
        body: SettleBody,
        response: { 200: SettleOut, 201: SettleOut },
      },
    },
    async (req, reply) => {
      const settled = await settlePayPeriod(db, req.auth, req.params.id, periodOf(req.body));
      return reply.status(settled.replayed ? 200 : 201).send(settled);
    },
  );
  r.post(
    '/projects/:id/pay/bonuses',
    { schema: { tags: ['pay'], summary: 'Pay an annotator a bonus in the project (manager+); 200 when its idempotencyKey was already used', params: IdParam, body: BonusBody, response: { 200: BonusOut, 201: BonusOut } } },
    async (req, reply) => {
      const bonus = await payBonus(db, req.auth, req.params.id, req.body);
      return reply.status(bonus.replayed ? 200 : 201).send(bonus);
    },
  );
  r.get(
    '/me/pay',
    {
      schema: {
        tags: ['pay'],
        summary: "The caller's own earnings per project for a period",
        querystring: MyPayQuery,
        response: { 200: MyPayOut },
      },
    },
    async (req) => myPay(db, req.auth, periodOf(req.query), req.query.projectId),
  );
}
