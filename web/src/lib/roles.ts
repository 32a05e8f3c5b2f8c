import type { Role } from '../api/types.ts';

const ORDER: Role[] = ['annotator', 'reviewer', 'manager', 'admin', 'owner'];

/** True when `role` is at least `least` (mirrors server/policies/roles.ts). */
export function atLeast(role: Role | undefined, least: Role): boolean {
  return role !== undefined && ORDER.indexOf(role) >= ORDER.indexOf(least);
}
