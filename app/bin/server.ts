// `npm start`: serves the built app (npm run build) with Express. Checks the configuration and
// migrates the database before accepting requests, and stops cleanly on SIGINT/SIGTERM.
import { createServer } from "node:http";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { ConfigError, env } from "../env.server";
import { migrate } from "../db/migrate";
import { loadContextOf } from "../http/client-address.server";

async function main(): Promise<void> {
  let config;
  try {
    config = env();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const migrated = await migrate(config.DATABASE_URL);
  if (migrated.applied.length) console.log(`database migrated (${migrated.provider}): ${migrated.applied.join(", ")}`);

  const buildDir = join(process.cwd(), "build");
  const serverBuild = join(buildDir, "server/index.js");
  if (!existsSync(serverBuild)) {
    console.error("No build found: run `npm run build` first.");
    process.exit(1);
  }
  const build = (await import(pathToFileURL(serverBuild).href)) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  app.use("/assets", express.static(join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(join(buildDir, "client"), { maxAge: "1h" }));
  if (config.LOUPE_DEMO) {
    // The Shopify library asks browsers to preload App Bridge from Shopify's CDN, which the demo
    // neither needs nor can reach offline.
    app.use((_req, res, next) => {
      const setHeader = res.setHeader.bind(res);
      res.setHeader = (name, value) =>
        name.toLowerCase() === "link" && String(value).includes("cdn.shopify.com") ? res : setHeader(name, value);
      next();
    });
  }
  app.get("/favicon.ico", (_req, res) => {
    res.status(204).end();
  });
  app.get("/healthz", (_req, res) => {
    res.type("text/plain").send("ok");
  });
  // The socket's peer reaches loaders and actions through the load context, where no client can
  // write it (rate limits key on it, see app/http/client-address.server.ts).
  app.all("*", createRequestHandler({ build, mode: config.NODE_ENV, getLoadContext: (req) => loadContextOf(req) }));

  // The outbox worker delivers Shopify writes. On PostgreSQL every instance may run one (rows are
  // claimed with SKIP LOCKED); on SQLite run it in exactly one process.
  let stopWorker: (() => Promise<void>) | undefined;
  if (config.LOUPE_WORKER === "1") {
    // Taken from the built server entry, so the worker shares the app's database and Shopify clients.
    const entry = build.entry.module as {
      startOutboxWorker?: () => () => Promise<void>;
      startReconciler?: () => () => void;
      startAuditVerifier?: () => () => Promise<void>;
    };
    if (!entry.startOutboxWorker || !entry.startReconciler || !entry.startAuditVerifier)
      throw new Error("The server build does not export the background workers");
    const stopOutbox = entry.startOutboxWorker();
    // Every 15 minutes Shopify's quantities are compared with Loupe's pieces (see Stock differences).
    entry.startReconciler();
    // Every minute each shop's audit chain is verified from its last checkpoint (the home page
    // shows the result; verifying inside the request blocked every route on a long chain).
    const stopVerifier = entry.startAuditVerifier();
    stopWorker = async () => {
      await Promise.all([stopOutbox(), stopVerifier()]);
    };
  }

  const server = createServer(app);
  server.listen(config.PORT, config.HOST, () => {
    console.log(
      `Loupe app listening on http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${config.PORT}`,
    );
  });
  const stop = (signal: string) => {
    console.log(`${signal}: stopping the app server`);
    void stopWorker?.();
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
