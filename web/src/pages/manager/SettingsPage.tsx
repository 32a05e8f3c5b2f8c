import { Placeholder } from '../Placeholder.tsx';

/** Reserved route: replaced by the manager pages change. */
export function SettingsPage() {
  return <Placeholder title="Project settings">Schema, overlap, lease and quality settings.</Placeholder>;
}
