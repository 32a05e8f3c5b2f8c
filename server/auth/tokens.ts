import { createHash, randomBytes } from 'node:crypto';

/** A new API token: `tly_` + 32 random bytes. Only its sha256 is stored. */
export function newToken(): { token: string; prefix: string; hash: string } {
  const token = `tly_${randomBytes(32).toString('base64url')}`;
  return { token, prefix: token.slice(0, 12), hash: hashSecret(token) };
}

/** Session ids are random secrets too; the cookie holds the secret, the table its hash. */
export function newSessionSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashSecret(secret) };
}

/**
 * sha256 is the right hash here: the inputs are 256-bit random secrets, so
 * there is nothing to brute-force, and lookups stay one indexed equality.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
