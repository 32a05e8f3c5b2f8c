import { Placeholder } from '../Placeholder.tsx';

/** Reserved route: replaced by the manager pages change. */
export function TaskPage() {
  return <Placeholder title="Task">One task with its annotations and result.</Placeholder>;
}
