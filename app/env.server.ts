// Configuration, checked once with zod: a wrong or missing setting stops the server with a message
// that names it, instead of failing later in some request.
import { z } from "zod";
import { DEFAULT_SQLITE_URL, providerOf } from "./db/providers";

export const DEFAULT_SCOPES = [
  "read_products",
  "write_products",
  "read_inventory",
  "write_inventory",
  "read_locations",
  "read_orders",
  "write_files",
  "read_files",
  "write_metaobjects",
  "read_metaobjects",
  "write_metaobject_definitions",
  "read_metaobject_definitions",
].join(",");

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    SHOPIFY_API_KEY: z
      .string({ required_error: "is missing (the app's client id from the Partner Dashboard)" })
      .min(1, "is empty"),
    SHOPIFY_API_SECRET: z.string({ required_error: "is missing (the app's client secret)" }).min(1, "is empty"),
    SHOPIFY_APP_URL: z
      .string({ required_error: "is missing (the public https URL of this app)" })
      .url("must be a full URL such as https://loupe.example.com")
      .transform((u) => u.replace(/\/+$/, "")),
    SCOPES: z.string().default(DEFAULT_SCOPES),
    SHOP_CUSTOM_DOMAIN: z.string().optional(),
    DATABASE_URL: z
      .string()
      .default(DEFAULT_SQLITE_URL)
      .transform((v) => v || DEFAULT_SQLITE_URL)
      .superRefine((v, ctx) => {
        try {
          providerOf(v);
        } catch (error) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: (error as Error).message.replace(/^DATABASE_URL /, ""),
          });
        }
      }),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    // Default 0.0.0.0, but 127.0.0.1 in demo mode (see the check below).
    HOST: z.string().min(1).optional(),
    // Demo mode serves a local App Bridge stand-in so the admin renders outside Shopify. Never in production.
    LOUPE_DEMO: flag,
    APP_BRIDGE_URL: z.string().url().optional(),
    // Demo mode: where the Shopify simulator runs (its console is linked from the demo bar).
    LOUPE_SIMULATOR_URL: z.string().url().optional(),
    LOUPE_PROXY_PREFIX: z.enum(["apps", "a", "community", "tools"]).default("apps"),
    LOUPE_PROXY_SUBPATH: z
      .string()
      .regex(/^[a-z0-9-]+$/, "must be lower-case letters, digits and hyphens")
      .default("loupe"),
    // Run the background work inside this process: the outbox worker (on PostgreSQL, any number of
    // instances may), the stock reconciler and the audit chain verifier.
    LOUPE_WORKER: z.enum(["0", "1"]).default("1"),
    LOG_LEVEL: z.enum(["error", "warn", "info", "debug"]).default("info"),
    // Tuning read where it is used (services may be reconfigured by tests); checked here so a
    // wrong value stops the server at boot instead of failing in some request.
    LOUPE_SHOPIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).optional(),
    LOUPE_DB_TX_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).optional(),
    LOUPE_DB_TX_MAX_WAIT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
    LOUPE_IMPORT_DIR: z.string().min(1).optional(),
    LOUPE_PROVENANCE_CACHE_SECONDS: z.coerce.number().min(0).max(3600).optional(),
    // Proxies in front of the app whose X-Forwarded-For entries are believed (app/http/client-address.server.ts).
    LOUPE_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).optional(),
    // The largest multipart upload read, in MB (app/http/body-limit.server.ts).
    LOUPE_UPLOAD_LIMIT_MB: z.coerce.number().int().min(1).max(1024).optional(),
    // This instance's name in outbox worker ids (app/shopify/sync-worker.server.ts); ":" separates
    // the id's parts, so a name with one would make every lease look foreign.
    LOUPE_INSTANCE_ID: z
      .string()
      .regex(/^[^:\s]+$/, "must not contain ':' or spaces")
      .optional(),
    LOUPE_PROXY_RATE_LIMIT: z
      .string()
      .regex(/^(off|\d+\/\d+(\.\d+)?)$/, 'must look like "30/1" (burst/per second) or "off"')
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (env.LOUPE_DEMO && env.NODE_ENV === "production") {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["LOUPE_DEMO"], message: "must not be set in production" });
    }
    // Demo mode hands out admin session tokens to whoever asks (/demo/session-token): it listens on
    // this machine only, never on the network.
    if (env.LOUPE_DEMO && env.HOST !== undefined && !LOOPBACK.has(env.HOST)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["HOST"],
        message: `must be a loopback address (127.0.0.1, ::1 or localhost) in demo mode, not ${env.HOST}: the demo gives an admin session to anyone who can reach it`,
      });
    }
  })
  .transform((env) => ({ ...env, HOST: env.HOST ?? (env.LOUPE_DEMO ? "127.0.0.1" : "0.0.0.0") }));

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Loupe cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".") || "environment"} ${i.message}`));
  }
  return result.data;
}

let cached: Env | undefined;

/** The process's configuration; throws ConfigError naming every bad setting. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change the environment between files; this forgets what was parsed. */
export function resetEnvForTests(): void {
  cached = undefined;
}
