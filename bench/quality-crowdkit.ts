/**
 * Optional peer run for the quality benchmark: times crowd-kit's DawidSkene
 * on the same answers by spawning Debian's python3, when numpy and pandas
 * are installed and CROWDKIT_PATH points at a crowd-kit source checkout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EncodedAnswers } from '../core/quality/index.ts';

/** Debian's interpreter, not a pyenv shim, so the apt packages are the ones imported. */
const PYTHON = '/usr/bin/python3';

/** Why crowd-kit cannot run here, or the interpreter and checkout to use. */
export type CrowdKitProbe = { ok: true; python: string; path: string } | { ok: false; reason: string };

/** Checks the preconditions without running anything heavy. */
export function probeCrowdKit(env = process.env): CrowdKitProbe {
  const path = env.CROWDKIT_PATH;
  if (!path) return { ok: false, reason: 'set CROWDKIT_PATH to a crowd-kit source checkout to time it on the same data' };
  if (!existsSync(join(path, 'crowdkit'))) return { ok: false, reason: `CROWDKIT_PATH=${path} has no crowdkit/ package folder` };
  if (!existsSync(PYTHON)) return { ok: false, reason: `${PYTHON} not found (apt-get install python3)` };
  const check = spawnSync(PYTHON, ['-c', 'import numpy, pandas'], { encoding: 'utf8' });
  if (check.status !== 0) return { ok: false, reason: 'numpy/pandas missing (apt-get install python3-numpy python3-pandas)' };
  return { ok: true, python: PYTHON, path };
}

const SCRIPT = `
import json, sys, time
import pandas as pd
from crowdkit.aggregation import DawidSkene
df = pd.read_csv(sys.argv[1], dtype=str)
start = time.perf_counter()
labels = DawidSkene(n_iter=100).fit_predict(df)
seconds = time.perf_counter() - start
json.dump({"seconds": seconds, "labels": labels.to_dict()}, sys.stdout)
`;

/** crowd-kit's fit time and its label per item id. */
export interface CrowdKitRun {
  seconds: number;
  labels: Map<string, string>;
}

/** Writes the answers to a temporary CSV and times `DawidSkene(n_iter=100).fit` on them. */
export function timeCrowdKitDawidSkene(enc: EncodedAnswers, probe: { python: string; path: string }): CrowdKitRun {
  const dir = mkdtempSync(join(tmpdir(), 'tally-crowdkit-'));
  try {
    const file = join(dir, 'answers.csv');
    const lines: string[] = ['task,worker,label'];
    for (let a = 0; a < enc.item.length; a++) lines.push(`${enc.items[enc.item[a]]},${enc.workers[enc.worker[a]]},${enc.labels[enc.label[a]]}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const out = spawnSync(probe.python, ['-c', SCRIPT, file], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: { ...process.env, PYTHONPATH: [probe.path, process.env.PYTHONPATH].filter(Boolean).join(':') },
    });
    if (out.status !== 0) throw new Error(`crowd-kit run failed: ${out.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const parsed = JSON.parse(out.stdout) as { seconds: number; labels: Record<string, string> };
    return { seconds: parsed.seconds, labels: new Map(Object.entries(parsed.labels)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
