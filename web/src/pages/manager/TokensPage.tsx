import { Placeholder } from '../Placeholder.tsx';

/** Reserved route: replaced by the manager pages change. */
export function TokensPage() {
  return <Placeholder title="API tokens">Tokens for the API and the CLI.</Placeholder>;
}
