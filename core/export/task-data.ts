import type { PairwiseField } from '../schema/index.ts';

/**
 * How LLM-comparison fields find their material in a task's data. The
 * workspace shows it this way and the dpo/sft exports read it the same way,
 * so what an annotator compared is what the training data says they compared.
 */

const A_KEYS = ['a', 'A', 'response_a', 'responseA', 'left', 'first'];
const B_KEYS = ['b', 'B', 'response_b', 'responseB', 'right', 'second'];
/** Task-data keys that hold the prompt the compared responses answer. */
export const PROMPT_KEYS = ['prompt', 'question', 'instruction'];

/** Task-data keys the pairwise editor reads the two sides from. */
export const PAIR_KEYS = [...A_KEYS, ...B_KEYS];

function pick(obj: Record<string, unknown>, names: string[]): unknown {
  for (const n of names) if (Object.hasOwn(obj, n)) return obj[n];
  return undefined;
}

/** The task's prompt: `data.prompt`, else `data.question`, else `data.instruction` (the first not null). */
export function promptOf(data: Record<string, unknown>): unknown {
  return data.prompt ?? data.question ?? data.instruction;
}

/**
 * The two items to compare: `data[source]` as `[a, b]` or `{a, b}` (also `A/B`,
 * `response_a/response_b`, `left/right`), else those keys on the task data itself.
 */
export function pairOf(field: PairwiseField, data: Record<string, unknown>): { a: unknown; b: unknown; prompt: unknown } {
  const src = field.source !== undefined ? data[field.source] : data;
  const prompt = promptOf(data);
  if (Array.isArray(src)) return { a: src[0], b: src[1], prompt };
  if (src && typeof src === 'object') {
    const o = src as Record<string, unknown>;
    return { a: pick(o, A_KEYS), b: pick(o, B_KEYS), prompt: o === data ? prompt : (o.prompt ?? prompt) };
  }
  return { a: undefined, b: undefined, prompt };
}

/** A candidate's text when it is an object: `text`, `content`, `response` or `title`, else itself. */
export function candidateText(c: unknown): unknown {
  if (c && typeof c === 'object' && !Array.isArray(c)) {
    const o = c as Record<string, unknown>;
    return o.text ?? o.content ?? o.response ?? o.title ?? c;
  }
  return c;
}
