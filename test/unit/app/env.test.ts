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

  test("every problem is listed at once", () => {
    expect(() => parseEnv({})).toThrow(
      /SHOPIFY_API_KEY is missing[\s\S]*SHOPIFY_API_SECRET is missing[\s\S]*SHOPIFY_APP_URL is missing/,
    );
  });
});
