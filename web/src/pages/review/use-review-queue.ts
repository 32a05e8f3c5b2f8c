import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError, requestWithStatus } from '../../api/client.ts';
import type { ReviewClaim, Verdict } from '../../api/manager.ts';

export type ReviewPhase =
  | { kind: 'loading' }
  | { kind: 'reviewing'; held: ReviewClaim; expired: boolean }
  | { kind: 'empty' }
  | { kind: 'unauthorized' }
  | { kind: 'error'; message: string };

export interface ReviewNotice {
  id: number;
  tone: 'success' | 'warning' | 'danger' | 'info';
  text: string;
}

export interface SubmitBody {
  verdict: Verdict;
  value?: Record<string, unknown>;
  comment?: string;
}

/** Heartbeat a third of the lease (between 5 s and 60 s), so two can fail before the lease ends. */
export function heartbeatEvery(leaseSeconds: number): number {
  return Math.min(60_000, Math.max(5_000, (leaseSeconds * 1000) / 3));
}

const EMPTY_POLL_MS = 20_000;
let noticeId = 1;

/**
 * The reviewer's queue: leases one task at a time from POST /projects/:id/reviews/claims,
 * keeps the lease alive while the page is visible, submits a verdict and moves on.
 * Leaving the page (or the tab) gives a held task back to the review queue.
 */
export function useReviewQueue(projectId: number, leaseSeconds: number) {
  const qc = useQueryClient();
  const [phase, setPhase] = useState<ReviewPhase>({ kind: 'loading' });
  const [notices, setNotices] = useState<ReviewNotice[]>([]);
  const [submitting, setSubmitting] = useState(false);
  // Bumped when the page goes away (or React remounts it): an answer that arrives for an
  // older generation is stale, and a task it leased is given straight back.
  const generation = useRef(0);
  const held = useRef<ReviewClaim | null>(null);
  const reviewed = useRef(0);

  const notify = useCallback((tone: ReviewNotice['tone'], text: string) => {
    const n = { id: noticeId++, tone, text };
    setNotices((cur) => [...cur.slice(-2), n]);
    if (tone === 'success' || tone === 'info') setTimeout(() => setNotices((cur) => cur.filter((x) => x.id !== n.id)), 4_000);
  }, []);

  const release = useCallback((claimId: number, keepalive = false) => {
    void api.post(`/claims/${claimId}/release`, {}, { keepalive }).catch(() => undefined);
  }, []);

  const fail = useCallback((e: unknown) => {
    if (e instanceof ApiError && e.status === 401) setPhase({ kind: 'unauthorized' });
    else setPhase({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }, []);

  const claimNext = useCallback(async () => {
    setPhase((p) => (p.kind === 'reviewing' ? p : { kind: 'loading' }));
    const mine = generation.current;
    try {
      const r = await requestWithStatus<ReviewClaim>('POST', `/projects/${projectId}/reviews/claims`, {});
      if (generation.current !== mine) {
        // The page went away while the claim was in flight: give the task straight back.
        if (r.status === 200) release(r.body.claim.id, true);
        return;
      }
      if (r.status === 204 || !r.body) {
        held.current = null;
        setPhase({ kind: 'empty' });
      } else {
        held.current = r.body;
        setPhase({ kind: 'reviewing', held: r.body, expired: false });
      }
    } catch (e) {
      if (generation.current === mine) fail(e);
    }
  }, [projectId, release, fail]);

  // Start, and give the held task back when leaving the page or closing the tab.
  useEffect(() => {
    void claimNext();
    const onHide = () => {
      if (held.current) release(held.current.claim.id, true);
      held.current = null;
    };
    // Back from the back/forward cache: the task shown was given back on the way out.
    const onShow = (e: PageTransitionEvent) => e.persisted && void claimNext();
    window.addEventListener('pagehide', onHide);
    window.addEventListener('pageshow', onShow);
    return () => {
      generation.current++;
      window.removeEventListener('pagehide', onHide);
      window.removeEventListener('pageshow', onShow);
      onHide();
    };
  }, [claimNext, release]);

  // Heartbeat while the page is visible; at once when it becomes visible again.
  const claimId = phase.kind === 'reviewing' ? phase.held.claim.id : null;
  useEffect(() => {
    if (claimId === null) return;
    const beat = async () => {
      if (document.visibilityState !== 'visible') return;
      try {
        await api.post(`/claims/${claimId}/heartbeat`);
      } catch (e) {
        if (!(e instanceof ApiError) || e.isNetwork) return;
        if (e.code === 'lease_expired' || e.code === 'claim_closed') {
          // Still submittable while nobody took the task over; the server decides.
          setPhase((p) => (p.kind === 'reviewing' && p.held.claim.id === claimId ? { ...p, expired: true } : p));
        }
      }
    };
    const timer = setInterval(beat, heartbeatEvery(leaseSeconds));
    const onVisible = () => document.visibilityState === 'visible' && void beat();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [claimId, leaseSeconds]);

  // An empty queue is checked again now and then while the page is visible.
  useEffect(() => {
    if (phase.kind !== 'empty') return;
    const timer = setInterval(() => document.visibilityState === 'visible' && void claimNext(), EMPTY_POLL_MS);
    return () => clearInterval(timer);
  }, [phase.kind, claimNext]);

  /** Sends the verdict. Resolves to an ApiError the form should show (e.g. an invalid fix), or null. */
  const submit = useCallback(
    async (body: SubmitBody): Promise<ApiError | null> => {
      const current = held.current;
      if (!current || submitting) return null;
      setSubmitting(true);
      try {
        await api.post(`/reviews/${current.claim.id}/submit`, body);
        held.current = null;
        reviewed.current += 1;
        const verb = body.verdict === 'accept' ? 'Accepted' : body.verdict === 'reject' ? 'Rejected' : 'Fixed';
        notify('success', `${verb} task #${current.task.id}.`);
        void qc.invalidateQueries({ queryKey: ['tasks', current.task.id] });
        void qc.invalidateQueries({ queryKey: ['projects', projectId, 'stats'] });
        await claimNext();
        return null;
      } catch (e) {
        if (e instanceof ApiError && (e.code === 'lease_expired' || e.code === 'claim_closed' || e.status === 404)) {
          held.current = null;
          notify('warning', `${e.message} Moving on to the next task.`);
          await claimNext();
          return null;
        }
        if (e instanceof ApiError && e.status === 422) return e;
        notify('danger', `Could not submit: ${e instanceof Error ? e.message : String(e)}`);
        return e instanceof ApiError ? e : null;
      } finally {
        setSubmitting(false);
      }
    },
    [submitting, notify, qc, claimNext, projectId],
  );

  /**
   * Gives the task back to the review queue and takes another one. The next task is
   * claimed before the skipped one is released, or the queue would hand it straight back.
   */
  const skip = useCallback(async () => {
    const current = held.current;
    if (!current) return;
    setPhase({ kind: 'loading' });
    const mine = generation.current;
    try {
      const r = await requestWithStatus<ReviewClaim>('POST', `/projects/${projectId}/reviews/claims`, {});
      await api.post(`/claims/${current.claim.id}/skip`, { reason: 'skipped in review' }).catch(() => undefined);
      if (generation.current !== mine) {
        if (r.status === 200) release(r.body.claim.id, true);
        return;
      }
      if (r.status === 200 && r.body) {
        held.current = r.body;
        notify('info', `Skipped task #${current.task.id}; it stays in the review queue.`);
        setPhase({ kind: 'reviewing', held: r.body, expired: false });
      } else {
        held.current = null;
        notify('info', `Skipped task #${current.task.id}. It is the only task waiting for review.`);
        setPhase({ kind: 'empty' });
      }
    } catch (e) {
      if (generation.current === mine) fail(e);
    }
  }, [projectId, notify, release, fail]);

  const dismiss = useCallback((id: number) => setNotices((cur) => cur.filter((n) => n.id !== id)), []);

  return { phase, notices, submitting, submit, skip, retry: claimNext, dismiss, reviewed: reviewed.current };
}
