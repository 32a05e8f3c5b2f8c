/** A spinning ring. With a label it is announced to screen readers. */
export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <span role={label ? 'status' : undefined} aria-label={label || undefined} aria-hidden={label ? undefined : true}>
      <span className="spinner" />
    </span>
  );
}

/** A centred spinner with text, for a loading page or panel. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="spinner-block" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
