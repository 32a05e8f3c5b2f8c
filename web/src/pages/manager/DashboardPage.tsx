import { Placeholder } from '../Placeholder.tsx';

/** Reserved route: replaced by the manager pages change. */
export function DashboardPage() {
  return <Placeholder title="Dashboard">Progress, agreement and throughput for this project.</Placeholder>;
}
