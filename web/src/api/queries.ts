import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { Me, Page, Project } from './types.ts';

/** Query keys, in one place so invalidations match. */
export const keys = {
  me: ['me'] as const,
  projects: ['projects'] as const,
  project: (id: number) => ['projects', id] as const,
};

export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: () => api.get<Me>('/me'), staleTime: 5 * 60_000 });
}

export function useProjects() {
  return useQuery({ queryKey: keys.projects, queryFn: () => api.get<Page<Project>>('/projects?limit=500') });
}

export function useProject(id: number) {
  return useQuery({ queryKey: keys.project(id), queryFn: () => api.get<Project>(`/projects/${id}`), enabled: Number.isFinite(id) });
}
