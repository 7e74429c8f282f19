import { Agent, type Dispatcher } from "undici";

/**
 * An undici dispatcher that sends every request for `*.myshopify.com` to the simulator,
 * keeping the shop's Host header so the simulator knows which shop is meant, and lets every
 * other request through unchanged. Install it with `setGlobalDispatcher`; Node's fetch uses it.
 */
export function shopifyRedirectDispatcher(simulatorUrl: string, options: { refuseOthers?: boolean } = {}): Dispatcher {
  const target = new URL(simulatorUrl);
  const redirect: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options_, handler) => {
    const options = options_;
    const origin = typeof options.origin === "string" ? new URL(options.origin) : options.origin;
    if (!origin || !origin.hostname.endsWith(".myshopify.com")) {
      // Tests: anything but Shopify (sent to the simulator) and loopback is a request nobody arranged.
      if (refuseOthers && origin && !/^(127\.0\.0\.1|localhost|\[::1\])$/.test(origin.hostname)) {
        throw new Error(
          `Unexpected outbound request to ${origin.origin} (only Shopify, via the simulator, is allowed in tests)`,
        );
      }
      return dispatch(options, handler);
    }
    const headers = withHost(options.headers, origin.host);
    return dispatch({ ...options, origin: target.origin, headers }, handler);
  };
  const refuseOthers = options.refuseOthers === true;
  return new Agent().compose(redirect);
}

function withHost(headers: Dispatcher.DispatchOptions["headers"], host: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) out[String(headers[i])] = headers[i + 1] as string;
  } else if (headers && typeof (headers as Iterable<unknown>)[Symbol.iterator] === "function") {
    for (const [k, v] of headers as Iterable<[string, string | string[]]>) out[k] = v;
  } else if (headers) {
    for (const [k, v] of Object.entries(headers as Record<string, string | string[] | undefined>))
      if (v !== undefined) out[k] = v;
  }
  for (const key of Object.keys(out)) if (key.toLowerCase() === "host") delete out[key];
  out.host = host;
  return out;
}
