import type { LabelField, PairwiseField, RankingField, TextField } from '../schema/index.ts';
import { candidateText, pairOf, promptOf } from './task-data.ts';

/** A finished task as the dpo and sft exports read it: its data and its aggregated result. */
export interface ExportTask {
  id: number;
  uniqueId: string | null;
  data: Record<string, unknown>;
  /** The result's value, keyed by field name (null: no result yet). */
  result: Record<string, unknown> | null;
  /** Per field: `{confidence, ...}` as the aggregator stored it. */
  fields: Record<string, { confidence?: number | null } | undefined> | null;
}

/** One preference pair, in the shape TRL's DPOTrainer and most DPO/RLHF tools read. */
export interface DpoRecord {
  prompt: string;
  chosen: string;
  rejected: string;
  taskId: number;
  uniqueId: string | null;
  field: string;
  /** For a ranking: the two candidates' places in the aggregated order (1 = best). */
  chosenRank?: number;
  rejectedRank?: number;
  confidence: number | null;
}

/** One demonstration as a chat: the prompt from the user, the annotator's text from the assistant. */
export interface SftRecord {
  messages: [{ role: 'user'; content: string }, { role: 'assistant'; content: string }];
  taskId: number;
  uniqueId: string | null;
  field: string;
  confidence: number | null;
}

/** Model text for a task-data value: strings as they are, anything else as JSON. */
function asText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The field's own confidence; null when its aggregator gives none (rankings, texts). */
function confidenceOf(t: ExportTask, field: string): number | null {
  return t.fields?.[field]?.confidence ?? null;
}

/**
 * The task's preference pairs: per pairwise field, the chosen side against
 * the other (a tie says nothing and gives no pair); per ranking field, every
 * pair of candidates in the aggregated order, the better one chosen. Sides
 * or candidates missing from the task data give no pair; a task without a
 * prompt gives pairs with an empty one.
 */
export function dpoRecords(fields: LabelField[], t: ExportTask): DpoRecord[] {
  const out: DpoRecord[] = [];
  if (!t.result) return out;
  const base = (field: string) => ({ taskId: t.id, uniqueId: t.uniqueId, field, confidence: confidenceOf(t, field) });
  for (const f of fields) {
    const v = t.result[f.name];
    if (f.type === 'pairwise') {
      const choice = (v as { choice?: unknown } | null | undefined)?.choice;
      if (choice !== 'A' && choice !== 'B') continue;
      const { a, b, prompt } = pairOf(f as PairwiseField, t.data);
      if (a === undefined || b === undefined) continue;
      const [chosen, rejected] = choice === 'A' ? [a, b] : [b, a];
      out.push({ prompt: asText(prompt ?? ''), chosen: asText(chosen), rejected: asText(rejected), ...base(f.name) });
    } else if (f.type === 'ranking') {
      if (!Array.isArray(v)) continue;
      const order = v as number[];
      // Only real candidates: the editor's "Candidate N" placeholders are no training text.
      const source = (f as RankingField).source;
      const candidates = source !== undefined ? t.data[source] : undefined;
      if (!Array.isArray(candidates)) continue;
      const prompt = asText(promptOf(t.data) ?? '');
      for (let i = 0; i < order.length; i++) {
        for (let j = i + 1; j < order.length; j++) {
          const better = candidates[order[i]];
          const worse = candidates[order[j]];
          if (better === undefined || worse === undefined) continue;
          out.push({ prompt, chosen: asText(candidateText(better)), rejected: asText(candidateText(worse)), ...base(f.name), chosenRank: i + 1, rejectedRank: j + 1 });
        }
      }
    }
  }
  return out;
}

/**
 * The task's demonstrations: per text field with a non-blank result, the
 * prompt (`data[source]` when the field names one, else the task's prompt)
 * and the text. A task without a prompt gives none.
 */
export function sftRecords(fields: LabelField[], t: ExportTask): SftRecord[] {
  const out: SftRecord[] = [];
  if (!t.result) return out;
  for (const f of fields) {
    if (f.type !== 'text') continue;
    const text = t.result[f.name];
    if (typeof text !== 'string' || text.trim() === '') continue;
    const source = (f as TextField).source;
    const prompt = source !== undefined ? t.data[source] : promptOf(t.data);
    if (prompt === undefined || prompt === null) continue;
    out.push({
      messages: [
        { role: 'user', content: asText(prompt) },
        { role: 'assistant', content: text },
      ],
      taskId: t.id,
      uniqueId: t.uniqueId,
      field: f.name,
      confidence: confidenceOf(t, f.name),
    });
  }
  return out;
}
