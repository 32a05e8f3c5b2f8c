import { QualityInputError } from '../errors.ts';

/** One categorical answer: `worker` said `label` for `item`. */
export interface Answer {
  item: string;
  worker: string;
  label: string;
}

/**
 * Answers encoded once to dense integer indices, the form every inference
 * loop works on. `item[n]`, `worker[n]`, `label[n]` index into `items`,
 * `workers`, `labels`. Build it with {@link encodeAnswers}, or by hand and pass
 * it through {@link checkEncoded}.
 */
export interface EncodedAnswers {
  readonly items: readonly string[];
  readonly workers: readonly string[];
  /** Label order; ties in every method go to the label that comes first here. */
  readonly labels: readonly string[];
  readonly item: Int32Array;
  readonly worker: Int32Array;
  readonly label: Int32Array;
}

/** Options shared by encoding and every inference method. */
export interface EncodeOptions {
  /**
   * Label order (and labels nobody used yet). Default: the labels seen, sorted
   * by UTF-16 code units, which is what pandas' sorted columns give, so ties
   * break as in crowd-kit.
   */
  labels?: readonly string[];
}

/** Compares strings by UTF-16 code units: locale-independent, so deterministic everywhere. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Encodes answers to dense indices. Items and workers keep the order of first
 * appearance. A worker answering the same item twice counts once, with the
 * last answer given (a resubmission replaces the earlier one) kept at the
 * place of the first.
 *
 * @throws QualityInputError on empty input or a label missing from `options.labels`.
 */
export function encodeAnswers(answers: readonly Answer[], options: EncodeOptions = {}): EncodedAnswers {
  if (answers.length === 0) throw new QualityInputError('no answers: truth inference needs at least one answer');
  const itemIndex = new Map<string, number>();
  const workerIndex = new Map<string, number>();
  const seenLabels = new Set<string>();
  const n = answers.length;
  const item = new Int32Array(n);
  const worker = new Int32Array(n);
  for (let a = 0; a < n; a++) {
    const ans = answers[a];
    let i = itemIndex.get(ans.item);
    if (i === undefined) itemIndex.set(ans.item, (i = itemIndex.size));
    let w = workerIndex.get(ans.worker);
    if (w === undefined) workerIndex.set(ans.worker, (w = workerIndex.size));
    item[a] = i;
    worker[a] = w;
    seenLabels.add(ans.label);
  }
  const labels = labelOrder(seenLabels, options.labels);
  const labelIndex = new Map(labels.map((l, k) => [l, k]));
  const label = new Int32Array(n);
  for (let a = 0; a < n; a++) label[a] = labelIndex.get(answers[a].label)!;
  const enc = dedupe({ items: [...itemIndex.keys()], workers: [...workerIndex.keys()], labels, item, worker, label });
  return options.labels ? enc : dropUnusedLabels(enc);
}

/** Removes labels that only replaced answers used, so they cannot sway the model. */
function dropUnusedLabels(enc: EncodedAnswers): EncodedAnswers {
  const used = new Uint8Array(enc.labels.length);
  for (let a = 0; a < enc.label.length; a++) used[enc.label[a]] = 1;
  if (used.every((u) => u === 1)) return enc;
  const remap = new Int32Array(enc.labels.length);
  const labels: string[] = [];
  enc.labels.forEach((l, k) => {
    remap[k] = labels.length;
    if (used[k]) labels.push(l);
  });
  const label = enc.label.map((k) => remap[k]);
  return { ...enc, labels, label };
}

function labelOrder(seen: Set<string>, given: readonly string[] | undefined): string[] {
  if (!given) return [...seen].sort(compareCodeUnits);
  if (new Set(given).size !== given.length) throw new QualityInputError('options.labels has duplicates');
  const allowed = new Set(given);
  for (const l of seen) {
    if (!allowed.has(l)) throw new QualityInputError(`label "${l}" is not in options.labels`);
  }
  return [...given];
}

/**
 * Validates a pre-encoded input (lengths, index ranges) and collapses
 * repeated (item, worker) pairs as {@link encodeAnswers} does. Returns the input itself when it is
 * already clean.
 *
 * @throws QualityInputError when the arrays disagree or an index is out of range.
 */
export function checkEncoded(enc: EncodedAnswers): EncodedAnswers {
  const n = enc.item.length;
  if (n === 0) throw new QualityInputError('no answers: truth inference needs at least one answer');
  if (enc.worker.length !== n || enc.label.length !== n) {
    throw new QualityInputError('encoded answers: item, worker and label arrays must have the same length');
  }
  if (enc.labels.length === 0) throw new QualityInputError('encoded answers: labels is empty');
  const nI = enc.items.length;
  const nW = enc.workers.length;
  const nK = enc.labels.length;
  for (let a = 0; a < n; a++) {
    const i = enc.item[a];
    const w = enc.worker[a];
    const l = enc.label[a];
    if (i < 0 || i >= nI || w < 0 || w >= nW || l < 0 || l >= nK) {
      throw new QualityInputError(`encoded answers: index out of range at answer ${a}`);
    }
  }
  return dedupe(enc);
}

/**
 * Collapses repeated (item, worker) pairs in O(n): the pair keeps the
 * position of its first answer and the label of its last, so a repeated
 * answer never reorders the data (and exact copies change nothing at all).
 */
function dedupe(enc: EncodedAnswers): EncodedAnswers {
  const n = enc.item.length;
  const nI = enc.items.length;
  // Bucket answers by item (counting sort, stable), then walk each bucket
  // remembering where each worker first answered this item.
  const start = new Int32Array(nI + 1);
  for (let a = 0; a < n; a++) start[enc.item[a] + 1]++;
  for (let i = 0; i < nI; i++) start[i + 1] += start[i];
  const fill = start.slice(0, nI);
  const order = new Int32Array(n);
  for (let a = 0; a < n; a++) order[fill[enc.item[a]]++] = a;
  const stamp = new Int32Array(enc.workers.length).fill(-1);
  const firstAt = new Int32Array(enc.workers.length);
  const label = new Int32Array(enc.label);
  const keep = new Uint8Array(n);
  let kept = 0;
  for (let i = 0; i < nI; i++) {
    for (let p = start[i]; p < start[i + 1]; p++) {
      const a = order[p];
      const w = enc.worker[a];
      if (stamp[w] === i) {
        label[firstAt[w]] = enc.label[a]; // a later answer replaces the earlier one
        continue;
      }
      stamp[w] = i;
      firstAt[w] = a;
      keep[a] = 1;
      kept++;
    }
  }
  if (kept === n) return enc;
  const item = new Int32Array(kept);
  const worker = new Int32Array(kept);
  const outLabel = new Int32Array(kept);
  for (let a = 0, b = 0; a < n; a++) {
    if (!keep[a]) continue;
    item[b] = enc.item[a];
    worker[b] = enc.worker[a];
    outLabel[b++] = label[a];
  }
  return { items: enc.items, workers: enc.workers, labels: enc.labels, item, worker, label: outLabel };
}

/** True when `x` is already in the encoded form. */
export function isEncoded(x: readonly Answer[] | EncodedAnswers): x is EncodedAnswers {
  return !Array.isArray(x) && (x as EncodedAnswers).item instanceof Int32Array;
}
