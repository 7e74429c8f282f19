// A real HTTP endpoint for the simulator's signed webhooks: requests are turned into Fetch API
// Requests and handed to the app's webhook route actions, exactly as Remix would.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export const WEBHOOK_TOPICS = [
  "orders/create",
  "orders/paid",
  "orders/cancelled",
  "refunds/create",
  "inventory_levels/update",
  "products/update",
  "products/delete",
  "app/uninstalled",
] as const;

export const webhookRoutes = Object.fromEntries(WEBHOOK_TOPICS.map((t) => [t, `/webhooks/${t}`]));

type Action = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<Response>;

async function routeFor(topic: string): Promise<Action> {
  const file = `webhooks.${topic.replace("/", ".")}`;
  const mod = (await import(`../../../app/routes/${file}.tsx`)) as { action: Action };
  return mod.action;
}

export async function startWebhookServer(): Promise<{
  url: string;
  statuses: number[];
  close(): Promise<void>;
  server: Server;
}> {
  const statuses: number[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const topic = String(req.headers["x-shopify-topic"] ?? "");
    try {
      const action = await routeFor(topic);
      const request = new Request(`https://loupe.test${req.url}`, {
        method: req.method,
        headers: Object.entries(req.headers).flatMap(([k, v]) =>
          v === undefined ? [] : [[k, Array.isArray(v) ? v.join(",") : v] as [string, string]],
        ),
        body: Buffer.concat(chunks),
      });
      let response: Response;
      try {
        response = await action({ request, params: {}, context: {} });
      } catch (thrown) {
        if (!(thrown instanceof Response)) throw thrown;
        response = thrown;
      }
      statuses.push(response.status);
      res.writeHead(response.status).end(await response.text());
    } catch (error) {
      statuses.push(500);
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    statuses,
    server,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
