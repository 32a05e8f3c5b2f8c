import { Placeholder } from '../Placeholder.tsx';

/** Reserved route: replaced by the manager pages change. */
export function MembersPage() {
  return <Placeholder title="Members">People in this org and their roles.</Placeholder>;
}
