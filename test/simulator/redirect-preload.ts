// Loaded with `node --import tsx --import ./test/simulator/redirect-preload.ts …`: sends every
// request for *.myshopify.com made through Node's fetch to the simulator at LOUPE_SIMULATOR_URL.
import { setGlobalDispatcher } from "undici";
import { shopifyRedirectDispatcher } from "./redirect";

const url = process.env.LOUPE_SIMULATOR_URL;
if (!url)
  throw new Error("redirect-preload: set LOUPE_SIMULATOR_URL to the simulator's URL (e.g. http://127.0.0.1:4100)");
setGlobalDispatcher(shopifyRedirectDispatcher(url));
