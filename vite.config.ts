import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vitest/config";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// Vitest reads this file too; the Remix plugin must not run inside tests.
const underVitest = Boolean(process.env.VITEST);

export default defineConfig({
  server: {
    port: Number(process.env.PORT ?? 3000),
    hmr: { overlay: false },
  },
  plugins: [
    ...(underVitest
      ? []
      : [
          remix({
            ignoredRouteFiles: ["**/.*", "**/*.test.*"],
            future: {
              v3_fetcherPersist: true,
              v3_relativeSplatPath: true,
              v3_throwAbortReason: true,
              v3_lazyRouteDiscovery: true,
              v3_singleFetch: true,
              v3_routeConfig: false,
            },
          }),
        ]),
  ],
  build: { assetsInlineLimit: 0 },
  optimizeDeps: { include: ["@shopify/app-bridge-react", "@shopify/polaris"] },
  test: {
    // One process per file keeps the Prisma clients and sockets of one test file apart.
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts", "test/unit/**/*.test.tsx"],
          environment: "node",
          setupFiles: ["test/setup/test-env.ts", "test/setup/fail-on-console-error.ts"],
          // A safety net, not an expectation: a property test that replays thousands of moves
          // takes a second on a quiet machine and many on one whose cores are shared.
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/setup/global-databases.ts"],
          setupFiles: [
            "test/setup/test-env.ts",
            "test/setup/no-network.ts",
            "test/setup/integration.ts",
            "test/setup/fail-on-console-error.ts",
          ],
          environment: "node",
          // Safety nets, not expectations: on a machine whose cores are shared a PostgreSQL file can
          // take minutes. Tests wait for conditions, never for fixed times.
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          setupFiles: ["test/setup/test-env.ts", "test/setup/fail-on-console-error.ts"],
          environment: "node",
          // Each wait inside a test is bounded by E2E_WAIT_MS (test/e2e/waits.ts); these only stop a
          // test that hangs altogether.
          testTimeout: 900_000,
          hookTimeout: 1_200_000,
          // Each e2e file starts a whole demo: one at a time on a 2-core machine.
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
