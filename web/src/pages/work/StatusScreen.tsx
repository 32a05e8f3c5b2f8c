import { Link } from 'react-router';
import { Button, ButtonLink, EmptyState, Loading } from '../../ui/index.ts';
import type { Phase } from './claim-session.ts';

/** What the workspace shows when there is no task to work on, and why. */
export function StatusScreen({ phase, onRetry }: { phase: Phase; onRetry: () => void }) {
  switch (phase.kind) {
    case 'loading':
      return <Loading label="Loading the next task…" />;
    case 'empty':
      return (
        <EmptyState
          title="No more tasks for you here"
          icon="🎉"
          testId="state-empty"
          actions={
            <>
              <Button onClick={onRetry}>Check again</Button>
              <ButtonLink to="/">Back to my projects</ButtonLink>
            </>
          }
        >
          Every task you can work on is done or being worked on by someone else. New tasks, or tasks whose lease runs out, may show up later.
        </EmptyState>
      );
    case 'paused':
      return (
        <EmptyState title="You are paused on this project" icon="⏸" testId="state-paused" actions={<ButtonLink to="/">Back to my projects</ButtonLink>}>
          <p data-testid="paused-reason">{phase.reason}</p>
          <p>Your answers so far are kept. A manager can review your work and resume you.</p>
        </EmptyState>
      );
    case 'inactive':
      return (
        <EmptyState title="This project is not taking work right now" icon="⏹" testId="state-inactive" actions={<ButtonLink to="/">Back to my projects</ButtonLink>}>
          {phase.message}
        </EmptyState>
      );
    case 'offline':
      return (
        <EmptyState title="You are offline" icon="📡" testId="state-offline" actions={<Button onClick={onRetry}>Try now</Button>}>
          We could not reach the server to get a task. Answers you already gave are kept in this browser and sent when the connection is back. We retry every few seconds.
        </EmptyState>
      );
    case 'unauthorized':
      return (
        <EmptyState title="Your session has ended" icon="🔒" testId="state-unauthorized" actions={<ButtonLink to="/login">Log in again</ButtonLink>}>
          Log in again to continue; queued answers are sent once you are back.
        </EmptyState>
      );
    case 'error':
      return (
        <EmptyState title="Something went wrong" icon="⚠" testId="state-error" actions={<Button onClick={onRetry}>Try again</Button>}>
          {phase.message} <Link to="/">Back to my projects</Link>
        </EmptyState>
      );
    case 'working':
      return null;
  }
}
