import type { Role } from '../db/schema.ts';
import { errors } from '../errors.ts';

/** Roles from most to least powerful; a role may do everything the ones after it may. */
export const ROLES: readonly Role[] = ['owner', 'admin', 'manager', 'reviewer', 'annotator'];

const rank = (role: Role) => ROLES.length - ROLES.indexOf(role);

/** The least role each action needs. One table, read top to bottom. */
export const POLICY = {
  'members.manage': 'admin',
  'tokens.manage_others': 'admin',
  'webhooks.manage': 'admin',
  'audit.read': 'admin',
  'projects.create': 'manager',
  'projects.update': 'manager',
  'tasks.import': 'manager',
  'predictions.import': 'manager',
  'tasks.read': 'reviewer',
  'results.export': 'manager',
  'pay.manage': 'manager',
  'stats.read': 'reviewer',
  'reviews.work': 'reviewer',
  'projects.read': 'annotator',
  'claims.work': 'annotator',
  'pay.read_own': 'annotator',
} as const satisfies Record<string, Role>;

export type Action = keyof typeof POLICY;

export function can(role: Role, action: Action): boolean {
  return rank(role) >= rank(POLICY[action]);
}

/** Throws 403 naming the action and the caller's role. */
export function authorize(role: Role, action: Action): void {
  if (!can(role, action)) throw errors.forbidden(action.replace('.', ' '), role);
}

/** A member may grant only roles at or below their own (an admin cannot make an owner). */
export function canGrant(granter: Role, role: Role): boolean {
  return rank(granter) >= rank(role);
}
