/**
 * Test and benchmark helper (not part of the public API, the only file here
 * that does I/O): reads the shared reference data sets from /work/shared/data
 * without copying them into the repository.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Answer } from './truth/encode.ts';

/**
 * Root of the shared data: ../shared/data from the repository root, or the
 * folder named by TALLY_SHARED_DATA (for a checkout that lives elsewhere).
 */
export const SHARED_DATA = process.env.TALLY_SHARED_DATA
  ? pathToFileURL(`${process.env.TALLY_SHARED_DATA.replace(/\/$/, '')}/`)
  : new URL('../../../shared/data/', import.meta.url);

/** Reads a text file under the shared data folder. */
export function readShared(relative: string): string {
  return readFileSync(new URL(relative, SHARED_DATA), 'utf8');
}

/** A crowdsourcing data set with ground truth. */
export interface TruthDataset {
  name: string;
  answers: Answer[];
  truth: Map<string, string>;
}

/** Names of the folders under truth/. */
export function truthDatasetNames(): string[] {
  return readdirSync(new URL('truth/', SHARED_DATA), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** Loads truth/<name>/answer.csv (question,worker,answer) and truth.csv (question,truth). */
export function loadTruthDataset(name: string): TruthDataset {
  const rows = (file: string): string[][] => parse(readShared(`truth/${name}/${file}`), { from_line: 2 }) as string[][];
  const answers = rows('answer.csv').map(([item, worker, label]) => ({ item, worker, label }));
  const truth = new Map(rows('truth.csv').map(([item, label]) => [item, label] as [string, string]));
  return { name, answers, truth };
}

/** Parses the README table of crowd-kit accuracies: folder -> {MV, Wawa, DS, GLAD, MACE, fitTime}. */
export function crowdKitFigures(): Map<string, Record<string, number | string>> {
  const out = new Map<string, Record<string, number | string>>();
  const lines = readShared('truth/README.md').split('\n');
  const header = lines.find((l) => l.startsWith('| folder | MV'));
  if (!header) return out;
  const cols = header.split('|').map((c) => c.trim()).filter(Boolean);
  for (const line of lines.slice(lines.indexOf(header) + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').map((c) => c.trim()).filter(Boolean);
    const rec: Record<string, number | string> = {};
    cols.slice(1).forEach((c, j) => {
      const v = cells[j + 1];
      rec[c] = /^\.?\d/.test(v) && !v.includes('s') ? Number(v) : v;
    });
    out.set(cells[0], rec);
  }
  return out;
}

/** Accuracy over truth items that received at least one answer. */
export function accuracy(predicted: ReadonlyMap<string, { label: string }>, truth: ReadonlyMap<string, string>): number {
  let hit = 0;
  let total = 0;
  for (const [item, label] of truth) {
    const p = predicted.get(item);
    if (!p) continue;
    total++;
    if (p.label === label) hit++;
  }
  return total ? hit / total : 0;
}
