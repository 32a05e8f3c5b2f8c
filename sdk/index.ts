/**
 * Tally's typed client for API v1 (docs/sdk.md).
 *
 * Every type here comes from sdk/openapi.ts, which `npm run sdk:generate`
 * renders from the server's OpenAPI document, itself built from the routes'
 * zod schemas: nothing about the API is written twice. Runtime dependency:
 * openapi-fetch (a few kB) over the platform's fetch.
 *
 * @example
 * const tally = createTallyClient({ baseUrl: 'http://localhost:3000', token: process.env.TALLY_TOKEN });
 * const project = await tally.createProject({ name: 'Reviews', schema: { fields: [{ name: 'sentiment', type: 'choice', options: ['pos', 'neg'] }] } });
 * await tally.importTasks(project.id, [{ data: { text: 'Great!' } }]);
 */
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './openapi.ts';
import { TallyApiError } from './errors.ts';
import { ndjsonBody, type ImportSource } from './ndjson.ts';
import { jsonLines } from './json-lines.ts';

export type { paths } from './openapi.ts';
export { TallyApiError } from './errors.ts';
export type { ImportSource } from './ndjson.ts';

type Method = 'get' | 'post' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type JsonOf<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON answer of a route for one status, e.g. `ResponseOf<'/api/v1/tasks/{id}', 'get'>`. */
export type ResponseOf<P extends keyof paths, M extends Method, S extends number = 200> = Operation<P, M> extends { responses: infer R }
  ? S extends keyof R
    ? JsonOf<R[S]>
    : never
  : never;
/** The JSON request body of a route. */
export type BodyOf<P extends keyof paths, M extends Method> = Operation<P, M> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;
/** The query parameters of a route. */
export type QueryOf<P extends keyof paths, M extends Method> = Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export type Project = ResponseOf<'/api/v1/projects/{id}', 'get'>;
export type NewProject = BodyOf<'/api/v1/projects', 'post'>;
export type ProjectChanges = BodyOf<'/api/v1/projects/{id}', 'patch'>;
export type ProjectPage = ResponseOf<'/api/v1/projects', 'get'>;
export type NewMember = BodyOf<'/api/v1/members', 'post'>;
export type Member = ResponseOf<'/api/v1/members', 'post', 201>;
export type IssuedToken = ResponseOf<'/api/v1/members/{userId}/tokens', 'post', 201>;
export type Bootstrap = BodyOf<'/api/v1/orgs/bootstrap', 'post'>;
export type Bootstrapped = ResponseOf<'/api/v1/orgs/bootstrap', 'post', 201>;
export type Me = ResponseOf<'/api/v1/me', 'get'>;
/** One task of an import (a JSON array element, or one NDJSON line). */
export type TaskInput = NonNullable<Operation<'/api/v1/projects/{id}/tasks', 'post'>['requestBody']>['content']['application/x-ndjson'];
export type ImportResult = ResponseOf<'/api/v1/projects/{id}/tasks', 'post', 201>;
export type ImportOptions = QueryOf<'/api/v1/projects/{id}/tasks', 'post'> & { signal?: AbortSignal };
/** One prediction for an existing task (a JSON array element, or one NDJSON line). */
export type PredictionInput = NonNullable<Operation<'/api/v1/projects/{id}/predictions', 'post'>['requestBody']>['content']['application/x-ndjson'];
export type PredictionsResult = ResponseOf<'/api/v1/projects/{id}/predictions', 'post', 201>;
export type PredictionsDeleted = ResponseOf<'/api/v1/projects/{id}/predictions', 'delete'>;
export type TaskQuery = QueryOf<'/api/v1/projects/{id}/tasks', 'get'>;
export type TaskPage = ResponseOf<'/api/v1/projects/{id}/tasks', 'get'>;
export type TaskDetail = ResponseOf<'/api/v1/tasks/{id}', 'get'>;
export type Claimed = ResponseOf<'/api/v1/projects/{id}/claims', 'post'>;
export type Heartbeat = ResponseOf<'/api/v1/claims/{id}/heartbeat', 'post'>;
export type Submission = BodyOf<'/api/v1/claims/{id}/submit', 'post'>;
export type Submitted = ResponseOf<'/api/v1/claims/{id}/submit', 'post', 201>;
export type ClaimClosed = ResponseOf<'/api/v1/claims/{id}/skip', 'post'>;
export type ProjectStats = ResponseOf<'/api/v1/projects/{id}/stats', 'get'>;
/** What every error answer holds: `{error: {code, message, ...context}}`. */
export type ApiErrorBody = JsonOf<Operation<'/api/v1/projects', 'get'>['responses']['4XX']>;

type RawExportQuery = QueryOf<'/api/v1/projects/{id}/results', 'get'>;
/** Export options: the route's query, with `gold` as a boolean and `fields` as a list. */
export type ExportOptions = Omit<RawExportQuery, 'gold' | 'fields'> & { gold?: boolean; fields?: string[]; signal?: AbortSignal };

/**
 * One line of the default `jsonl` export: a task with its aggregated result and
 * its annotations. The database writes it (server/db/queries/export-page.ts);
 * sdk/sdk.test.ts checks these keys against a real export.
 */
export interface ResultRecord {
  id: number;
  uniqueId: string | null;
  data: Record<string, unknown>;
  status: string;
  /** With `gold: true` only. */
  gold?: Record<string, unknown> | null;
  result: Record<string, unknown> | null;
  confidence: number | null;
  method: string | null;
  agreement: number | null;
  annotations: Array<{ id: number; userId: number; value: Record<string, unknown>; activeMs: number; createdAt: string }>;
}

export interface TallyClientOptions {
  /** The server's origin (and path prefix, if any), e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** An API token (`tally keys create`, or the bootstrap answer). Omit for bootstrap only. */
  token?: string;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof globalThis.fetch;
}

/**
 * A client for one server and token. Helpers answer the route's typed JSON and
 * throw {@link TallyApiError} on any error answer; `api` is the underlying
 * openapi-fetch client for every other route (it returns `{data, error}` and
 * does not throw).
 */
export function createTallyClient(options: TallyClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const auth: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const api: Client<paths> = createClient<paths>({ baseUrl, headers: auth, fetch: (req) => fetchImpl(req) });

  /** The data of an openapi-fetch answer, or its error thrown as a TallyApiError. */
  async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
    const { data, error, response } = await call;
    if (!response.ok) throw TallyApiError.fromBody(response.status, error, response.statusText);
    return data as T;
  }

  /** A request outside openapi-fetch (streamed bodies and answers), with the same base URL, token and errors. */
  async function send(path: string, query: Record<string, unknown>, init: RequestInit): Promise<Response> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) qs.set(k, String(v));
    const url = `${baseUrl}${path}${qs.size ? `?${qs}` : ''}`;
    const res = await fetchImpl(url, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
    if (!res.ok) throw await TallyApiError.fromResponse(res);
    return res;
  }

  /** POSTs `rows` as one streamed NDJSON body (all or nothing on the server) and answers its JSON. */
  async function uploadNdjson<R>(path: string, rows: ImportSource<unknown>, query: Record<string, unknown>, signal?: AbortSignal): Promise<R> {
    const res = await send(path, query, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: ndjsonBody(rows),
      signal,
      // Node's fetch sends a stream body only when told the request is half duplex.
      duplex: 'half',
    } as RequestInit);
    return (await res.json()) as R;
  }

  function exportRequest(projectId: number, opts: ExportOptions): Promise<Response> {
    const { signal, gold, fields, ...rest } = opts;
    return send(`/api/v1/projects/${projectId}/results`, { ...rest, gold: gold === undefined ? undefined : String(gold), fields: fields?.join(',') }, { signal });
  }

  /** Leases the caller the next task of a project, or null when none is left for them. */
  async function claim(projectId: number): Promise<Claimed | null> {
    const { data, error, response } = await api.POST('/api/v1/projects/{id}/claims', { params: { path: { id: projectId } } });
    if (!response.ok) throw TallyApiError.fromBody(response.status, error, response.statusText);
    return response.status === 204 ? null : (data as Claimed);
  }
  /** Extends a lease by the project's lease time. */
  const heartbeat = (claimId: number): Promise<Heartbeat> => ok(api.POST('/api/v1/claims/{id}/heartbeat', { params: { path: { id: claimId } } }));
  /** Submits the annotation for a claim; submitting the same claim again answers the stored one (`replayed: true`). */
  const submit = (claimId: number, body: Submission): Promise<Submitted> => ok(api.POST('/api/v1/claims/{id}/submit', { params: { path: { id: claimId } }, body }));
  /** Gives a task back: it is not offered to the caller again. */
  const skip = (claimId: number, reason?: string): Promise<ClaimClosed> =>
    ok(api.POST('/api/v1/claims/{id}/skip', { params: { path: { id: claimId } }, body: reason === undefined ? {} : { reason } }));
  /** Gives a lease back unseen: the task may be offered to the caller again. */
  const release = (claimId: number): Promise<ClaimClosed> => ok(api.POST('/api/v1/claims/{id}/release', { params: { path: { id: claimId } } }));

  return {
    /** The typed openapi-fetch client: `api.GET('/api/v1/projects/{id}', { params: { path: { id } } })`. */
    api,

    /** Creates the first org, owner and token; only on an empty server. */
    bootstrap: (body: Bootstrap): Promise<Bootstrapped> => ok(api.POST('/api/v1/orgs/bootstrap', { body })),
    /** The caller: user, current org and role. */
    me: (): Promise<Me> => ok(api.GET('/api/v1/me')),
    addMember: (body: NewMember): Promise<Member> => ok(api.POST('/api/v1/members', { body })),
    /** A new API token for a member; the secret is in this answer only. */
    issueToken: (userId: number, name?: string): Promise<IssuedToken> =>
      ok(api.POST('/api/v1/members/{userId}/tokens', { params: { path: { userId } }, body: name === undefined ? {} : { name } })),

    createProject: (body: NewProject): Promise<Project> => ok(api.POST('/api/v1/projects', { body })),
    getProject: (id: number): Promise<Project> => ok(api.GET('/api/v1/projects/{id}', { params: { path: { id } } })),
    listProjects: (query: QueryOf<'/api/v1/projects', 'get'> = {}): Promise<ProjectPage> => ok(api.GET('/api/v1/projects', { params: { query } })),
    updateProject: (id: number, body: ProjectChanges): Promise<Project> => ok(api.PATCH('/api/v1/projects/{id}', { params: { path: { id } }, body })),
    stats: (projectId: number): Promise<ProjectStats> => ok(api.GET('/api/v1/projects/{id}/stats', { params: { path: { id: projectId } } })),

    /**
     * Imports tasks as one NDJSON upload, streamed: an array, any (async)
     * iterable of tasks (a generator reading a database, say), or raw NDJSON
     * bytes (a file stream, e.g. `fs.createReadStream('tasks.ndjson')`).
     * All or nothing: a bad row rejects the whole import with a
     * TallyApiError whose `line` names it (1-based).
     */
    importTasks(projectId: number, tasks: ImportSource<TaskInput>, opts: ImportOptions = {}): Promise<ImportResult> {
      const { signal, ...query } = opts;
      return uploadNdjson(`/api/v1/projects/${projectId}/tasks`, tasks, query, signal);
    },
    /**
     * Adds model predictions to tasks the project already holds, as one
     * NDJSON upload streamed like {@link importTasks} (an array, an (async)
     * iterable, or raw NDJSON bytes). Each row names its task by `taskId` or
     * `uniqueId` and replaces that model's earlier prediction for the task.
     * All or nothing: a bad row throws a TallyApiError whose `line` names it.
     */
    importPredictions(projectId: number, predictions: ImportSource<PredictionInput>, opts: { signal?: AbortSignal } = {}): Promise<PredictionsResult> {
      return uploadNdjson(`/api/v1/projects/${projectId}/predictions`, predictions, {}, opts.signal);
    },
    /** Removes one model's predictions from every task of the project. */
    deletePredictions: (projectId: number, model: string): Promise<PredictionsDeleted> =>
      ok(api.DELETE('/api/v1/projects/{id}/predictions', { params: { path: { id: projectId }, query: { model } } })),
    listTasks: (projectId: number, query: Partial<TaskQuery> = {}): Promise<TaskPage> =>
      ok(api.GET('/api/v1/projects/{id}/tasks', { params: { path: { id: projectId }, query: query as TaskQuery } })),
    getTask: (id: number): Promise<TaskDetail> => ok(api.GET('/api/v1/tasks/{id}', { params: { path: { id } } })),

    claim,
    heartbeat,
    submit,
    skip,
    release,

    /**
     * Works a project's queue as the caller until nothing is left for them:
     * claims a task, asks `label` for the annotation (extending the lease every
     * `heartbeatMs`, default 30 s, while it works), and submits it; a `label`
     * that answers null skips the task. When `label` throws, the lease is
     * released (the task stays available) and the error is rethrown.
     */
    async claimLoop(
      projectId: number,
      label: (task: Claimed['task'], claim: Claimed['claim']) => Submission | null | Promise<Submission | null>,
      opts: { heartbeatMs?: number; signal?: AbortSignal } = {},
    ): Promise<{ submitted: number; skipped: number }> {
      let submitted = 0;
      let skipped = 0;
      for (let c = await claim(projectId); c; c = opts.signal?.aborted ? null : await claim(projectId)) {
        const claimId = c.claim.id;
        const timer = setInterval(() => void heartbeat(claimId).catch(() => {}), opts.heartbeatMs ?? 30_000);
        let answer: Submission | null;
        try {
          answer = await label(c.task, c.claim);
        } catch (err) {
          await release(claimId).catch(() => {});
          throw err;
        } finally {
          clearInterval(timer);
        }
        if (answer) {
          await submit(claimId, answer);
          submitted++;
        } else {
          await skip(claimId);
          skipped++;
        }
      }
      return { submitted, skipped };
    },

    /**
     * The results of a project, one record at a time as the server streams
     * them (constant memory), for the JSON-lines formats: `jsonl` (default,
     * {@link ResultRecord}), `dpo`, `sft`. The request is sent when iteration
     * starts; an error answer is thrown from the first step.
     */
    async *exportResults<T = ResultRecord>(projectId: number, opts: ExportOptions = {}): AsyncGenerator<T> {
      const res = await exportRequest(projectId, opts);
      const type = res.headers.get('content-type') ?? '';
      if (!/ndjson|jsonl/i.test(type)) {
        await res.body?.cancel();
        throw new TypeError(`exportResults reads JSON lines, but format ${opts.format} answers ${type}: use downloadResults for it.`);
      }
      yield* jsonLines<T>(res.body!);
    },
    /**
     * Any export format (csv, conll, coco, yolo...) as the server's answer: read
     * `response.body` as a stream, e.g. `Readable.fromWeb(response.body).pipe(file)`.
     * Error answers are thrown as TallyApiError.
     */
    downloadResults: (projectId: number, opts: ExportOptions = {}): Promise<Response> => exportRequest(projectId, opts),
  };
}

export type TallyClient = ReturnType<typeof createTallyClient>;
