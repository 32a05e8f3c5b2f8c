/**
 * Database outage (the issue: "stop PostgreSQL for 10 s during load, then
 * start it again. The server answers 503 with a clear code while it is down,
 * and recovers without a restart"). A real `tally serve` on a private,
 * throwaway PostgreSQL cluster (initdb in a temp folder, its own port), so
 * stopping it harms no other test. The scenario and its verdict live in
 * outage.ts, shared with `npm run soak -- outage`.
 *
 * PostgreSQL only: the outage of an embedded PGlite is the server's own death
 * (crash.test.ts). Needs the PostgreSQL server binaries (initdb, pg_ctl,
 * postgres); without them it is skipped loudly, or fails under TALLY_REQUIRE_PG.
 */
import { describe, expect, it } from 'vitest';
import { DB_KIND } from '../../test/harness.ts';
import { runOutage } from './outage.ts';
import { findPgServerBinaries } from './private-cluster.ts';

const DOWN_SECONDS = 10;

const bins = DB_KIND === 'postgres' ? findPgServerBinaries() : undefined;
const missing = bins && 'missing' in bins ? bins.missing : undefined;
if (missing && !process.env.TALLY_REQUIRE_PG) {
  console.warn(`\n${'!'.repeat(78)}\n!!  Database-outage test SKIPPED: ${missing}\n${'!'.repeat(78)}\n`);
}

describe.skipIf(DB_KIND !== 'postgres' || (missing !== undefined && !process.env.TALLY_REQUIRE_PG))(
  missing ? `database outage (SKIPPED: ${missing})` : 'database outage on a private PostgreSQL cluster (PostgreSQL only)',
  () => {
    it(`answers only 503 database_unavailable while PostgreSQL is down for ${DOWN_SECONDS} s, then recovers without a restart`, async () => {
      const r = await runOutage({ downSeconds: DOWN_SECONDS, log: (line) => console.log(line) });
      const ms = (v: number | undefined) => (v === undefined ? '-' : `${Math.round(v)} ms`);
      console.log(
        `outage: ${r.unavailableWhileDown} x 503 database_unavailable while down ${ms(r.downMs)} (slowest ${ms(r.slowestMs.down)}), ` +
          `recovered ${ms(r.recoveryMs)} after PostgreSQL was back, ${r.acks} acknowledged / ${r.stored} stored, ${ms(r.totalMs)} in all`,
      );
      expect(r.problems, JSON.stringify(r.seen, null, 1)).toEqual([]);
      // The load was real on both sides of the outage.
      expect(r.unavailableWhileDown).toBeGreaterThan(20);
      expect(r.acks).toBeGreaterThan(100);
      expect(r.stored).toBeGreaterThanOrEqual(r.acks);
    }, 120_000);
  },
);
