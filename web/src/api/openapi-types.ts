/**
 * The API's shapes as generated from its OpenAPI document (sdk/openapi.ts,
 * `npm run sdk:generate`): type-only imports, erased by the build, so the web
 * follows the server's route schemas instead of a hand-written copy.
 */
export type { paths } from '../../../sdk/openapi.ts';

/** The JSON body of one generated response entry, e.g. `Json<paths['/api/v1/audit']['get']['responses'][200]>`. */
export type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
