import type { TallyApp } from '../app.ts';
import { orgRoutes } from './orgs/orgs.ts';
import { authRoutes } from './auth/auth.ts';
import { memberRoutes } from './members/members.ts';
import { projectRoutes } from './projects/projects.ts';
import { taskRoutes } from './tasks/tasks.ts';
import { claimRoutes } from './claims/claims.ts';
import { resultRoutes } from './results/results.ts';
import { statsRoutes } from './stats/stats.ts';
import { reviewRoutes } from './reviews/reviews.ts';
import { tokenRoutes } from './tokens/tokens.ts';
import { annotatorRoutes } from './annotators/annotators.ts';
import { webhookRoutes } from './webhooks/webhooks.ts';
import { payRoutes } from './pay/pay.ts';
import { auditRoutes } from './audit/audit.ts';
import { predictionRoutes } from './predictions/predictions.ts';

/** Every API v1 resource, one folder each. */
export async function registerRoutes(app: TallyApp): Promise<void> {
  for (const routes of [orgRoutes, authRoutes, memberRoutes, projectRoutes, taskRoutes, claimRoutes, resultRoutes, statsRoutes, reviewRoutes, tokenRoutes, annotatorRoutes, webhookRoutes]) {
    await routes(app);
  }
  await payRoutes(app);
  await auditRoutes(app);
  await predictionRoutes(app);
}
