/** Shows the task data a field is bound to: text, an image URL, or JSON. */
export function SourceText({ data, source }: { data: Record<string, unknown>; source: string }) {
  return <DataValue value={data[source]} label={source} />;
}

const IMAGE_URL = /^(https?:\/\/|\/|data:image\/)[^\s]*?(\.(png|jpe?g|gif|webp|svg|avif)(\?.*)?$|^data:image\/)/i;

/** One task-data value rendered for reading. */
export function DataValue({ value, label }: { value: unknown; label: string }) {
  if (typeof value === 'string') {
    if (IMAGE_URL.test(value) || value.startsWith('data:image/')) {
      return <img className="data-image" src={value} alt={label} />;
    }
    return (
      <div className="source-text" data-source={label}>
        {value}
      </div>
    );
  }
  if (value === undefined) return <p className="muted">No “{label}” in this task.</p>;
  return <pre className="source-json">{JSON.stringify(value, null, 2)}</pre>;
}
