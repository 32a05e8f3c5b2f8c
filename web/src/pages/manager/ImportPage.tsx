import { Placeholder } from '../Placeholder.tsx';

/** Reserved route: replaced by the manager pages change. */
export function ImportPage() {
  return <Placeholder title="Import tasks">Upload JSON, NDJSON or CSV.</Placeholder>;
}
