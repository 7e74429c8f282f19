// The client's address is the hop the deployment trusts: the socket's peer with no trusted proxy,
// else the Nth X-Forwarded-For entry from the right. What a client writes further left never counts.
import { afterEach, describe, expect, test } from "vitest";
import { clientAddress } from "../../../app/http/client-address.server";

const req = (xff?: string) => new Request("https://loupe.test/x", { headers: xff ? { "X-Forwarded-For": xff } : {} });
const saved = process.env.LOUPE_TRUSTED_PROXIES;

afterEach(() => {
  process.env.LOUPE_TRUSTED_PROXIES = saved;
});

describe("clientAddress", () => {
  test.each([
    // trusted proxies, X-Forwarded-For, socket peer, expected
    ["0", undefined, "198.51.100.1", "198.51.100.1"],
    ["0", "6.6.6.6", "198.51.100.1", "198.51.100.1"], // a forged header changes nothing
    ["0", "6.6.6.6", "::ffff:198.51.100.1", "198.51.100.1"], // IPv4 on a dual-stack socket
    ["0", undefined, undefined, "unknown"], // no server context (vite dev)
    ["1", "6.6.6.6, 203.0.113.9", "10.0.0.2", "203.0.113.9"], // the load balancer appended the client
    ["1", "203.0.113.9", "10.0.0.2", "203.0.113.9"],
    ["2", "6.6.6.6, 203.0.113.9, 10.0.0.5", "10.0.0.2", "203.0.113.9"], // CDN then load balancer
    ["2", "203.0.113.9", "10.0.0.2", "203.0.113.9"], // fewer entries than proxies: the leftmost
    ["1", undefined, "10.0.0.2", "10.0.0.2"], // nothing forwarded: the peer
  ])("%s trusted, X-Forwarded-For %s, peer %s: %s", (trusted, xff, peer, expected) => {
    process.env.LOUPE_TRUSTED_PROXIES = trusted;
    expect(clientAddress(req(xff), { remoteAddress: peer })).toBe(expected);
  });

  test("a route behind one more proxy (Shopify's app proxy) reads one entry further left", () => {
    process.env.LOUPE_TRUSTED_PROXIES = "0";
    expect(clientAddress(req("6.6.6.6, 203.0.113.9"), { remoteAddress: "23.227.38.1" }, { extraHops: 1 })).toBe(
      "203.0.113.9",
    );
    process.env.LOUPE_TRUSTED_PROXIES = "1";
    expect(
      clientAddress(req("6.6.6.6, 203.0.113.9, 23.227.38.1"), { remoteAddress: "10.0.0.2" }, { extraHops: 1 }),
    ).toBe("203.0.113.9");
  });

  test("a wrong setting is refused, not read as 0", () => {
    process.env.LOUPE_TRUSTED_PROXIES = "many";
    expect(() => clientAddress(req(), { remoteAddress: "1.2.3.4" })).toThrow();
  });
});
