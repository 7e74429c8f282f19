// The two database engines Loupe runs on, and how a DATABASE_URL picks one.
export const PROVIDERS = ["sqlite", "postgresql"] as const;
export type Provider = (typeof PROVIDERS)[number];

export const DEFAULT_SQLITE_URL = "file:./data/loupe.db";

export function providerOf(databaseUrl: string): Provider {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return "postgresql";
  if (/^file:/i.test(databaseUrl)) return "sqlite";
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got "${databaseUrl.replace(/:[^:@/]*@/, ":***@")}"`,
  );
}

/** The file path of a file: URL, relative paths taken from the working directory. */
export function sqliteFilePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:(\/\/)?/i, "").replace(/\?.*$/, "");
}
