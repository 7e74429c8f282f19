// The setup most e2e files share: one `npm run demo` and one Chromium for the whole file, started
// before its tests and stopped after them (a failed start still stops what did start).
import { afterAll, beforeAll } from "vitest";
import type { Browser } from "playwright-core";
import { launch } from "./browser";
import { startDemo, type RunningDemo } from "./demo-process";

export type DemoSession = { readonly demo: RunningDemo; readonly browser: Browser };

export function useDemoAndBrowser(): DemoSession {
  const session = {} as { demo: RunningDemo; browser: Browser };
  beforeAll(async () => {
    session.demo = await startDemo();
    session.browser = await launch();
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.demo?.stop();
  });
  return session;
}
