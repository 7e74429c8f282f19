// A small HTML console for the simulated shop (demo and manual testing): products with their stock
// per location and Loupe's mirrored metafields, and buttons that do what a customer or a merchant
// would do in Shopify: sell one, cancel an order, refund it with restock. Each button goes through
// the same state methods as the test API, so the app receives the same signed webhooks.
import type { IncomingMessage, ServerResponse } from "node:http";
import { gid } from "./state/ids-and-formats";
import type { SimulatorState } from "./state/simulator-state";

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderConsole(state: SimulatorState, shopDomain: string, notice = ""): string {
  const shop = state.shop(shopDomain);
  const locations = [...shop.locations.values()];
  const rows = [...shop.products.values()]
    .sort((a, b) => a.title.localeCompare(b.title))
    .flatMap((product) =>
      product.variantIds.map((variantId) => {
        const variant = shop.variants.get(variantId)!;
        const item = shop.items.get(variant.itemId);
        const stock = locations
          .map((l) => {
            const level = shop.levels.get(`${variant.itemId}:${l.id}`);
            return level
              ? `${esc(l.name)}: <b>${level.quantities.available}</b> avail.${level.quantities.reserved ? `, ${level.quantities.reserved} reserved` : ""}`
              : "";
          })
          .filter(Boolean)
          .join("<br>");
        const mirrored = [...shop.metafields.values()]
          .filter((m) => m.ownerId === gid("Product", product.id) && m.namespace.startsWith("app--"))
          .map((m) => m.key);
        const sellAt = locations
          .filter((l) => (shop.levels.get(`${variant.itemId}:${l.id}`)?.quantities.available ?? 0) > 0)
          .map(
            (l) =>
              `<form method="post" action="/_sim/console/sell"><input type="hidden" name="shop" value="${esc(shop.domain)}"><input type="hidden" name="variant" value="${esc(gid("ProductVariant", variant.id))}"><input type="hidden" name="location" value="${esc(gid("Location", l.id))}"><button data-testid="sell-${esc(item?.sku ?? variant.id)}">Sell 1 at ${esc(l.name)}</button></form>`,
          )
          .join("");
        return `<tr><td>${esc(product.title)}<br><small>${esc(product.status)} · ${esc(gid("Product", product.id))}</small></td><td>${esc(item?.sku)}</td><td>${esc(variant.price)} ${esc(shop.currencyCode)}<br><small>oversell: ${esc(variant.inventoryPolicy)}</small></td><td>${stock || "—"}</td><td><small>${esc(mirrored.join(", ") || "—")}</small></td><td>${sellAt}</td></tr>`;
      }),
    )
    .join("");
  const orders = [...shop.orders.values()]
    .sort((a, b) => b.id - a.id)
    .map((o) => {
      const lines = o.lines
        .map(
          (l) =>
            `${l.quantity} × ${esc(l.sku ?? l.title)}${l.refundedQuantity ? ` (${l.refundedQuantity} refunded)` : ""}`,
        )
        .join(", ");
      const refundable = o.cancelledAt === null && o.lines.some((l) => l.quantity > l.refundedQuantity);
      const hidden = `<input type="hidden" name="shop" value="${esc(shop.domain)}"><input type="hidden" name="order" value="${o.id}">`;
      return `<tr><td>${esc(o.name)}</td><td>${lines}</td><td>${o.cancelledAt ? "cancelled" : esc(o.financialStatus)}</td><td>${
        refundable
          ? `<form method="post" action="/_sim/console/refund">${hidden}<button>Refund with restock</button></form><form method="post" action="/_sim/console/cancel">${hidden}<button>Cancel (restock)</button></form>`
          : ""
      }</td></tr>`;
    })
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shopify simulator — ${esc(shop.name)}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;width:100%;margin-bottom:24px}td,th{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}form{display:inline}button{margin:2px;padding:4px 8px}.notice{background:#e3f1df;padding:8px;margin-bottom:12px}</style></head>
<body><h1>Shopify simulator — ${esc(shop.name)} (${esc(shop.domain)})</h1>
<p>Stands in for the Shopify admin and storefront in the Loupe demo. Selling here creates an order, as a checkout would: the app receives orders/create and orders/paid, signed.</p>
${notice ? `<p class="notice">${esc(notice)}</p>` : ""}
<h2>Products</h2><table><tr><th>Product</th><th>SKU</th><th>Price</th><th>Stock</th><th>Loupe metafields</th><th></th></tr>${rows}</table>
<h2>Orders</h2><table><tr><th>Order</th><th>Lines</th><th>Status</th><th></th></tr>${orders || "<tr><td colspan=4>None yet</td></tr>"}</table>
</body></html>`;
}

export async function handleConsolePost(
  state: SimulatorState,
  action: string,
  form: URLSearchParams,
  res: ServerResponse,
): Promise<void> {
  const shop = form.get("shop") ?? "";
  let notice = "";
  if (action === "sell") {
    const order = state.createOrder({
      shop,
      location: form.get("location") ?? "",
      lines: [{ variantId: form.get("variant") ?? "", quantity: 1 }],
      paid: true,
    });
    notice = `Order ${order.name} created and paid.`;
  } else if (action === "cancel") {
    state.cancelOrder({ shop, orderId: Number(form.get("order")), restock: true });
    notice = `Order cancelled with restock.`;
  } else if (action === "refund") {
    const data = state.shop(shop).orders.get(Number(form.get("order")));
    if (data)
      state.refundOrder({
        shop,
        orderId: data.id,
        lines: data.lines
          .filter((l) => l.quantity > l.refundedQuantity)
          .map((l) => ({ lineItemId: l.id, quantity: l.quantity - l.refundedQuantity, restock: true })),
      });
    notice = `Order refunded with restock.`;
  }
  res
    .writeHead(303, { Location: `/_sim/console?shop=${encodeURIComponent(shop)}&notice=${encodeURIComponent(notice)}` })
    .end();
}

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
