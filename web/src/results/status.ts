import type { TaskStatus } from '../api/manager.ts';

/** Badge tone per task status. */
export const STATUS_TONE: Record<TaskStatus, 'neutral' | 'info' | 'success' | 'warning'> = {
  open: 'neutral',
  review: 'warning',
  reviewing: 'info',
  done: 'success',
};
