// The app's kiosk routes behind a plain HTTP server on 127.0.0.1, as a kiosk program reaches them
// (the routes' own loaders and actions, called with the request as it arrived).
import http from "node:http";

type RouteArgs = { request: Request; params: Record<string, string>; context: Record<string, unknown> };
type RouteModule = { loader?: (args: RouteArgs) => unknown; action?: (args: RouteArgs) => unknown };

export async function kioskRoutesServer(): Promise<http.Server> {
  const routes: [RegExp, string, Promise<RouteModule>][] = [
    [/^\/api\/kiosk\/context$/, "", import("../../../app/routes/api.kiosk.context")],
    [/^\/api\/kiosk\/staff\/sign-in$/, "", import("../../../app/routes/api.kiosk.staff.sign-in")],
    [/^\/api\/kiosk\/receiving$/, "", import("../../../app/routes/api.kiosk.receiving")],
    [/^\/api\/kiosk\/operations$/, "", import("../../../app/routes/api.kiosk.operations")],
    [/^\/api\/kiosk\/print-jobs$/, "", import("../../../app/routes/api.kiosk.print-jobs._index")],
    [/^\/api\/kiosk\/print-jobs\/([^/]+)$/, "id", import("../../../app/routes/api.kiosk.print-jobs.$id")],
    [/^\/api\/kiosk\/pieces\/([^/]+)$/, "tagCode", import("../../../app/routes/api.kiosk.pieces.$tagCode")],
    [/^\/api\/kiosk\/location-labels$/, "", import("../../../app/routes/api.kiosk.location-labels")],
  ];
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const request = new Request(url, {
        method: req.method,
        headers: Object.entries(req.headers).map(([k, v]) => [k, String(v)] as [string, string]),
        body: req.method === "GET" ? undefined : body,
      });
      let answer: unknown;
      const route = routes.find(([pattern]) => pattern.test(url.pathname));
      if (!route) answer = new Response("{}", { status: 404 });
      else {
        const [pattern, param, loaded] = route;
        const mod = await loaded;
        const match = pattern.exec(url.pathname)!;
        const params: Record<string, string> = param ? { [param]: decodeURIComponent(match[1]!) } : {};
        const handler = req.method === "GET" ? mod.loader : mod.action;
        try {
          answer = await handler!({ request, params, context: {} });
        } catch (thrown) {
          answer = thrown;
        }
      }
      if (!(answer instanceof Response)) throw answer;
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(Buffer.from(await answer.arrayBuffer()));
    })().catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}
