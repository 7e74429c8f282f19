// A real HTTP server in front of route modules, built the way `npm start` (app/bin/server.ts)
// builds its requests: Express, @remix-run/express's request (the body streamed from the socket,
// never read ahead) and response, and the same load context. For what only shows on a socket:
// how much of a body is read, when the answer comes, which address a request comes from.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import * as remixExpress from "@remix-run/express/dist/server.js";
import { loadContextOf } from "../../../app/http/client-address.server";

// The request and response conversions `createRequestHandler` uses (its module exports them; the
// package's entry and type declarations do not).
const { createRemixRequest, sendRemixResponse } = remixExpress as unknown as {
  createRemixRequest(req: express.Request, res: express.Response): Request;
  sendRemixResponse(res: express.Response, response: Response): Promise<void>;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- route modules' own argument types vary
type Handler = (args: any) => unknown;

/** What Remix makes of a loader's or action's value: a Response as is, data(…) and plain values as JSON. */
function asResponse(value: unknown): Response {
  if (value instanceof Response) return value;
  const wrapped = value as { type?: string; data?: unknown; init?: ResponseInit | null } | null;
  if (wrapped?.type === "DataWithResponseInit") return Response.json(wrapped.data, wrapped.init ?? undefined);
  return Response.json(value ?? null);
}

export type RouteTable = Record<string, { action?: Handler; loader?: Handler }>;

export async function startHttpApp(
  routes: RouteTable,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const app = express();
  app.all("*", async (req, res) => {
    const route = routes[req.path];
    const handler = route && (req.method === "GET" || req.method === "HEAD" ? route.loader : route.action);
    if (!handler) {
      res.status(404).end();
      return;
    }
    const request = createRemixRequest(req, res);
    let response: Response;
    try {
      response = asResponse(await handler({ request, params: {}, context: loadContextOf(req) }));
    } catch (thrown) {
      if (!(thrown instanceof Response)) {
        res.status(500).end(String(thrown));
        return;
      }
      response = thrown;
    }
    await sendRemixResponse(res, response);
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((r) => server.once("listening", () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
