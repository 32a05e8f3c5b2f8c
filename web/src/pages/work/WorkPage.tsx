import { Placeholder } from '../Placeholder.tsx';

export function WorkPage() {
  return <Placeholder title="Workspace">The annotator workspace is being built.</Placeholder>;
}
