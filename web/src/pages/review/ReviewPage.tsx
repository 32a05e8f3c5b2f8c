import { Placeholder } from '../Placeholder.tsx';

/** Reserved route: replaced by the manager pages change. */
export function ReviewPage() {
  return <Placeholder title="Review">Accept, reject or fix annotations.</Placeholder>;
}
