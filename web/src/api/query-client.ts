import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client.ts';

/**
 * One QueryClient for the app. Client errors (4xx) are answers, not glitches:
 * they are never retried. Network failures and 5xx retry twice.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
}
