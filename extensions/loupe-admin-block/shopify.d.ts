// The `shopify` global the admin gives this target (what `shopify app generate` would write).
import "@shopify/ui-extensions/preact";

declare global {
  const shopify: import("@shopify/ui-extensions/admin.product-details.block.render").Api;
}
