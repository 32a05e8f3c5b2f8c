/**
 * Queries and mutations for the org admin pages: webhooks (with their deliveries and
 * the callback secret) and the audit log, typed by the generated OpenAPI shapes
 * (openapi-types.ts).
 */
import { useInfiniteQuery, useIsMutating, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Json, paths } from './openapi-types.ts';
import { api } from './client.ts';
import { auditPath, type AuditFilters } from '../pages/manager/admin-logic.ts';

export type Webhook = Json<paths['/api/v1/webhooks']['get']['responses'][200]>['items'][number];
export type WebhookWithSecret = Json<paths['/api/v1/webhooks']['post']['responses'][201]>;
export type WebhookInput = NonNullable<paths['/api/v1/webhooks']['post']['requestBody']>['content']['application/json'];
export type DeliveryPage = Json<paths['/api/v1/webhooks/{id}/deliveries']['get']['responses'][200]>;
export type Delivery = DeliveryPage['items'][number];
export type CallbackSecret = Json<paths['/api/v1/callbacks/secret']['post']['responses'][201]>;
export type AuditPage = Json<paths['/api/v1/audit']['get']['responses'][200]>;
export type AuditEntry = AuditPage['items'][number];
export type AuditVerify = Json<paths['/api/v1/audit/verify']['get']['responses'][200]>;

export const adminKeys = {
  webhooks: ['webhooks'] as const,
  deliveries: (webhookId: number) => ['webhooks', webhookId, 'deliveries'] as const,
  audit: (filters: AuditFilters) => ['audit', filters] as const,
};

export function useWebhooks() {
  return useQuery({ queryKey: adminKeys.webhooks, queryFn: ({ signal }) => api.get<{ items: Webhook[] }>('/webhooks', { signal }) });
}

export function useCreateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: WebhookInput) => api.post<WebhookWithSecret>('/webhooks', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.webhooks }),
  });
}

export function useUpdateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: number; url?: string; events?: string[] }) => api.patch<Webhook>(`/webhooks/${id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.webhooks }),
  });
}

export function useDeleteWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<void>(`/webhooks/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.webhooks }),
  });
}

/** Rotations in flight (mutation key): the page keeps its webhook open until the new secret is shown. */
export const ROTATE_WEBHOOK_SECRET = ['rotate-webhook-secret'] as const;

export function useRotateWebhookSecret() {
  return useMutation({ mutationKey: ROTATE_WEBHOOK_SECRET, mutationFn: (id: number) => api.post<WebhookWithSecret>(`/webhooks/${id}/secret`) });
}

/** Whether a webhook secret rotation is in flight: its new secret is shown only by the open webhook. */
export function useRotatingWebhookSecret(): boolean {
  return useIsMutating({ mutationKey: ROTATE_WEBHOOK_SECRET }) > 0;
}

export function useTestWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<Delivery>(`/webhooks/${id}/test`),
    onSuccess: (_d, id) => qc.invalidateQueries({ queryKey: adminKeys.deliveries(id) }),
  });
}

/** A webhook's deliveries, newest first; polled while any is still pending so the view moves. */
export function useDeliveries(webhookId: number | null) {
  return useQuery({
    queryKey: adminKeys.deliveries(webhookId ?? -1),
    queryFn: ({ signal }) => api.get<DeliveryPage>(`/webhooks/${webhookId}/deliveries?limit=50`, { signal }),
    enabled: webhookId !== null,
    refetchInterval: (q) => (q.state.data?.items.some((d) => d.status === 'pending') ? 1_000 : false),
  });
}

export function useRetryDelivery() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ webhookId, deliveryId }: { webhookId: number; deliveryId: number }) => api.post<Delivery>(`/webhooks/${webhookId}/deliveries/${deliveryId}/retry`),
    onSettled: (_d, _e, v) => qc.invalidateQueries({ queryKey: adminKeys.deliveries(v.webhookId) }),
  });
}

export function useRotateCallbackSecret() {
  return useMutation({ mutationFn: () => api.post<CallbackSecret>('/callbacks/secret') });
}

/** The audit log, newest first, one page per "load more" (cursor = the previous page's nextCursor). */
export function useAudit(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: adminKeys.audit(filters),
    queryFn: ({ pageParam, signal }) => api.get<AuditPage>(auditPath(filters, pageParam), { signal }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: () => api.get<AuditVerify>('/audit/verify') });
}
