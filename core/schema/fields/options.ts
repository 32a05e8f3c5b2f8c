import { z } from 'zod';
import { describeValue, listValues } from '../describe.ts';
import type { Problem } from '../errors.ts';

/** A choice option after parsing: `label` defaults to `value`, `hotkey` is null when none. */
export interface NormalizedOption {
  value: string;
  label: string;
  hotkey: string | null;
}

/** A region or span label after parsing; `color` is any CSS color, or null for the UI's palette. */
export interface NormalizedLabel extends NormalizedOption {
  color: string | null;
}

const OptionValueSchema = z.string().min(1).max(200);
const HotkeySchema = z.string().min(1).max(20).nullable().optional();

const OptionObjectSchema = z.strictObject({
  value: OptionValueSchema,
  label: z.string().min(1).max(200).optional(),
  hotkey: HotkeySchema,
});

const LabelObjectSchema = OptionObjectSchema.extend({
  color: z.string().min(1).max(50).nullable().optional(),
});

type OptionInput = string | { value: string; label?: string | undefined; hotkey?: string | null | undefined };
type LabelInput = string | (Exclude<OptionInput, string> & { color?: string | null | undefined });

/** The hotkeys given when an author sets none: 1..9 then 0, for the first ten entries. */
export const DEFAULT_HOTKEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;

type ListKind = 'options' | 'labels';

/**
 * Checks shared by option and label lists: non-empty, distinct values, distinct hotkeys.
 * Hotkeys compare exactly ("a" and "A" are different keys: the second needs Shift).
 */
function checkList(kind: ListKind) {
  const noun = kind === 'options' ? 'option' : 'label';
  return (items: (string | { value: string; hotkey?: string | null | undefined })[], ctx: z.RefinementCtx): void => {
    if (items.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `${kind} must list at least one ${noun}`,
        params: { code: kind === 'options' ? 'empty_options' : 'empty_labels' },
      });
      return;
    }
    const valueAt = new Map<string, number>();
    const hotkeyAt = new Map<string, number>();
    items.forEach((item, i) => {
      const value = typeof item === 'string' ? item : item.value;
      const first = valueAt.get(value);
      if (first === undefined) valueAt.set(value, i);
      else {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `${noun} ${JSON.stringify(value)} is listed twice (${kind}[${first}] and ${kind}[${i}]); ${noun} values must be distinct`,
          params: { code: kind === 'options' ? 'duplicate_option' : 'duplicate_label' },
        });
      }
      const hotkey = typeof item === 'string' ? null : (item.hotkey ?? null);
      if (hotkey === null) return;
      const owner = hotkeyAt.get(hotkey);
      if (owner === undefined) hotkeyAt.set(hotkey, i);
      else {
        const other = items[owner]!;
        const otherValue = typeof other === 'string' ? other : other.value;
        ctx.addIssue({
          code: 'custom',
          path: [i, 'hotkey'],
          message: `hotkey ${JSON.stringify(hotkey)} is used by both ${JSON.stringify(otherValue)} and ${JSON.stringify(value)}; give each ${noun} its own key`,
          params: { code: 'duplicate_hotkey' },
        });
      }
    });
  };
}

/** Fill in labels and hotkeys: defaults 1..9, 0 only when the author gave no hotkey at all. */
function normalize(items: readonly OptionInput[]): NormalizedOption[] {
  const anyHotkey = items.some((item) => typeof item !== 'string' && item.hotkey != null);
  return items.map((item, i) => {
    const value = typeof item === 'string' ? item : item.value;
    const label = typeof item === 'string' ? item : (item.label ?? item.value);
    const given = typeof item === 'string' ? null : (item.hotkey ?? null);
    const hotkey = anyHotkey ? given : (DEFAULT_HOTKEYS[i] ?? null);
    return { value, label, hotkey };
  });
}

/** `options` of a choice field: strings or `{value, label?, hotkey?}`, normalized to objects. */
export const OptionListSchema = z
  .array(z.union([OptionValueSchema, OptionObjectSchema]))
  .superRefine(checkList('options'))
  .transform((items): NormalizedOption[] => normalize(items));

/** `labels` of spans, boxes and polygons: strings or `{value, label?, hotkey?, color?}`, normalized. */
export const LabelListSchema = z
  .array(z.union([OptionValueSchema, LabelObjectSchema]))
  .superRefine(checkList('labels'))
  .transform((items): NormalizedLabel[] =>
    normalize(items).map((option, i) => {
      const item: LabelInput = items[i]!;
      return { ...option, color: typeof item === 'string' ? null : (item.color ?? null) };
    }),
  );

/**
 * The problem with a region's label, or null when it is one of `labels`.
 * `where` names the item in the message, e.g. `span 2`.
 */
export function labelProblem(labels: readonly NormalizedLabel[], label: unknown, where: string): Problem | null {
  if (typeof label === 'string' && labels.some((l) => l.value === label)) return null;
  const allowed = listValues(labels.map((l) => l.value));
  const message =
    typeof label === 'string'
      ? `${where}: label ${describeValue(label)} is not one of ${allowed}`
      : `${where}: label must be one of ${allowed}, got ${describeValue(label)}`;
  return { code: 'invalid_label', message };
}
