/** A small bar for a 0..1 score: red below 0.5, amber below 0.8, green above. */
export function ConfidenceMeter({ value, label }: { value: number | null | undefined; label?: string }) {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const v = Math.max(0, Math.min(1, value));
  const tone = v < 0.5 ? 'meter--low' : v < 0.8 ? 'meter--mid' : 'meter--high';
  return (
    <span className={`meter ${tone}`} role="img" aria-label={label ?? `${Math.round(v * 100)}%`}>
      <span style={{ width: `${v * 100}%` }} />
    </span>
  );
}
