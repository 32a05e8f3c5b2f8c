import type { LabelField } from '../../../core/schema/index.ts';

/** A one-line text for a field's answer, for tables (the full view is ValueView). */
export function summarize(field: LabelField | undefined, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (!field) return typeof value === 'string' ? value : JSON.stringify(value);
  switch (field.type) {
    case 'choice':
      return Array.isArray(value) ? value.join(', ') || 'none' : String(value);
    case 'spans':
    case 'boxes':
    case 'polygons':
      return Array.isArray(value) ? `${value.length} ${field.type}` : '?';
    case 'rating':
      return `${value}/${field.max}`;
    case 'pairwise': {
      const v = value as { choice?: string; strength?: number };
      return v.choice === 'tie' ? 'tie' : `${v.choice}${v.strength ? ` (${v.strength})` : ''}`;
    }
    case 'ranking':
      return Array.isArray(value) ? value.join(' > ') : '?';
    case 'text': {
      const s = String(value);
      return s.length > 40 ? `${s.slice(0, 40)}…` : s;
    }
    default:
      return String(value);
  }
}

/** A short preview of a task's data: its first text values. */
export function dataPreview(data: Record<string, unknown> | null | undefined, max = 90): string {
  if (!data) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'string') parts.push(v.startsWith('data:') ? `${k}: [inline data]` : v);
    else if (typeof v === 'number' || typeof v === 'boolean') parts.push(`${k}: ${v}`);
    else if (Array.isArray(v)) parts.push(`${k}: [${v.length}]`);
    if (parts.join(' · ').length > max) break;
  }
  const s = parts.join(' · ');
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
