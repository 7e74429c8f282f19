import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

export interface LoadedSchema {
  schema: GraphQLSchema;
  version: string;
  loadMs: number;
}

// The introspection JSON is ~11 MB unzipped and takes a few hundred ms to build, so one
// copy is shared by every simulator started in the same process.
const cache = new Map<string, LoadedSchema>();

export function schemaFile(version: string): string {
  return fileURLToPath(new URL(`./schema/admin_${version}.json.gz`, import.meta.url));
}

export function loadAdminSchema(version: string): LoadedSchema {
  const cached = cache.get(version);
  if (cached) return cached;
  const started = performance.now();
  const raw = JSON.parse(gunzipSync(readFileSync(schemaFile(version))).toString("utf8")) as
    IntrospectionQuery | { data: IntrospectionQuery };
  const introspection = "data" in raw ? raw.data : raw;
  const schema = buildClientSchema(introspection, { assumeValid: true });
  const loaded: LoadedSchema = { schema, version, loadMs: performance.now() - started };
  cache.set(version, loaded);
  return loaded;
}
