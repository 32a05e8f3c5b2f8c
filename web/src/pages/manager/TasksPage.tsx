import { Placeholder } from '../Placeholder.tsx';

/** Reserved route: replaced by the manager pages change. */
export function TasksPage() {
  return <Placeholder title="Tasks">The project's tasks with status and results.</Placeholder>;
}
