// The webhook subscriptions declared in shopify.app.toml, read from the file itself so the demo's
// simulator and the tests can never drift from what Shopify is told.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export type Subscription = { topics: string[]; compliance: boolean; uri: string; handledBy: string[] };

export function webhookSubscriptions(root = process.cwd()): Subscription[] {
  const toml = readFileSync(join(root, "shopify.app.toml"), "utf8");
  const webhooks = toml.slice(toml.indexOf("[webhooks]"), toml.indexOf("[app_proxy]"));
  const blocks = webhooks.split("[[webhooks.subscriptions]]").slice(1);
  const comments = webhooks.split("[[webhooks.subscriptions]]").slice(0, -1);
  return blocks.map((block, i) => {
    const list = /^\s*(compliance_topics|topics)\s*=\s*\[([^\]]*)\]/m.exec(block);
    const uri = /^\s*uri\s*=\s*"([^"]+)"/m.exec(block);
    if (!list || !uri) throw new Error(`shopify.app.toml: subscription ${i + 1} has no topics or uri`);
    const handledBy = [...(comments[i] ?? "").matchAll(/(?:app\/routes\/)?(webhooks\.[\w.$]+\.tsx)/g)].map(
      (m) => m[1]!,
    );
    return {
      topics: [...list[2]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!),
      compliance: list[1] === "compliance_topics",
      uri: uri[1]!,
      handledBy,
    };
  });
}
