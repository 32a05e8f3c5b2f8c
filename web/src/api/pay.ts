/**
 * Pay: a project's pay report and settlements (managers), an annotator's own
 * earnings (workspace). Shapes are the generated OpenAPI ones (openapi-types.ts);
 * amounts are integer minor units (docs/pay.md).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PaySettings } from '../../../core/pay/index.ts';
import { api } from './client.ts';
import type { Json, paths } from './openapi-types.ts';
import { keys } from './queries.ts';
import type { ProjectFull } from './manager.ts';

export type { PaySettings };

export type PayReport = Json<paths['/api/v1/projects/{id}/pay']['get']['responses'][200]>;
export type PayLine = PayReport['items'][number];
export type Settlement = PayReport['settlements'][number];
export type SettleResult = Json<paths['/api/v1/projects/{id}/pay/settle']['post']['responses'][201]>;
export type MyPayLine = Json<paths['/api/v1/me/pay']['get']['responses'][200]>['items'][number];

export interface Period {
  from: string;
  to: string;
}

export const payKeys = {
  report: (projectId: number, p: Period) => ['projects', projectId, 'pay', p.from, p.to] as const,
  mine: (projectId: number) => ['me', 'pay', projectId] as const,
};

const query = (p: Period) => `from=${encodeURIComponent(p.from)}&to=${encodeURIComponent(p.to)}`;

export function usePayReport(projectId: number, period: Period, enabled = true) {
  return useQuery({
    queryKey: payKeys.report(projectId, period),
    queryFn: ({ signal }) => api.get<PayReport>(`/projects/${projectId}/pay?${query(period)}`, { signal }),
    enabled: enabled && Number.isFinite(projectId),
    placeholderData: keepPreviousData,
  });
}

export function useSettle(projectId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (p: Period) => api.post<SettleResult>(`/projects/${projectId}/pay/settle`, p),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['projects', projectId, 'pay'] }),
  });
}

export function useSavePay(projectId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (pay: PaySettings | Record<string, never>) => api.patch<ProjectFull>(`/projects/${projectId}`, { pay }),
    onSuccess: (p) => {
      qc.setQueryData(keys.project(projectId), p);
      void qc.invalidateQueries({ queryKey: ['projects', projectId, 'pay'] });
    },
  });
}

/** The caller's own earnings in one project (all time), refreshed every minute while the workspace is open. */
export function useMyProjectPay(projectId: number, enabled: boolean) {
  return useQuery({
    queryKey: payKeys.mine(projectId),
    queryFn: async ({ signal }) => {
      const r = await api.get<{ items: MyPayLine[] }>(`/me/pay?projectId=${projectId}`, { signal });
      return r.items[0] ?? null;
    },
    enabled: enabled && Number.isFinite(projectId),
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
  });
}
