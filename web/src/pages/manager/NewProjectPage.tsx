import { Placeholder } from '../Placeholder.tsx';

/** Reserved route: replaced by the manager pages change. */
export function NewProjectPage() {
  return <Placeholder title="New project">Name, label schema and settings.</Placeholder>;
}
