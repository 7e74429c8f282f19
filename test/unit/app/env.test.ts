import { describe, expect, test } from "vitest";
import { ConfigError, parseEnv } from "../../../app/env.server";

const good = { SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://loupe.example.com/" };

describe("configuration check at boot", () => {
  test("a complete configuration parses with the embedded SQLite default", () => {
    const env = parseEnv(good);
    expect(env.DATABASE_URL).toBe("file:./data/loupe.db");
    expect(env.SHOPIFY_APP_URL).toBe("https://loupe.example.com");
    expect(env.LOUPE_DEMO).toBe(false);
  });

  test.each([
    [{ ...good, SHOPIFY_API_KEY: undefined }, "SHOPIFY_API_KEY is missing"],
    [{ ...good, SHOPIFY_APP_URL: "loupe.example.com" }, "SHOPIFY_APP_URL must be a full URL"],
    [{ ...good, DATABASE_URL: "mysql://x" }, "DATABASE_URL must start with file: (SQLite) or postgresql://"],
    [{ ...good, PORT: "99999" }, "PORT"],
    [{ ...good, NODE_ENV: "production", LOUPE_DEMO: "1" }, "LOUPE_DEMO must not be set in production"],
    [{ ...good, LOUPE_DEMO: "1", HOST: "0.0.0.0" }, "HOST must be a loopback address"],
    [{ ...good, LOUPE_DEMO: "1", HOST: "192.168.1.20" }, "HOST must be a loopback address"],
    [{ ...good, LOUPE_TRUSTED_PROXIES: "-1" }, "LOUPE_TRUSTED_PROXIES"],
    [{ ...good, LOUPE_UPLOAD_LIMIT_MB: "0" }, "LOUPE_UPLOAD_LIMIT_MB"],
  ])("a wrong setting stops the server with a message naming it (%#)", (input, message) => {
    let error: unknown;
    try {
      parseEnv(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
  });

  test("the server listens on every interface by default, but demo mode only on this machine", () => {
    expect(parseEnv(good).HOST).toBe("0.0.0.0");
    expect(parseEnv({ ...good, HOST: "10.0.0.5" }).HOST).toBe("10.0.0.5");
    expect(parseEnv({ ...good, LOUPE_DEMO: "1" }).HOST).toBe("127.0.0.1");
    expect(parseEnv({ ...good, LOUPE_DEMO: "1", HOST: "::1" }).HOST).toBe("::1");
  });

  test("every problem is listed at once", () => {
    expect(() => parseEnv({})).toThrow(
      /SHOPIFY_API_KEY is missing[\s\S]*SHOPIFY_API_SECRET is missing[\s\S]*SHOPIFY_APP_URL is missing/,
    );
  });
});
