// `npm run demo` (or `npm run demo -- <args>`) as the e2e tests run it: its own free ports, data and tags folders, the same
// environment a person's shell would give it, stopped with Ctrl-C (SIGINT) at the end.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../setup/free-port";
import { E2E_WAIT_MS } from "./waits";

const DEMO_START_MS = 4 * E2E_WAIT_MS;

export const DEMO_SHOP = "bijoux-demo.myshopify.com";
// The demo's fixed credentials (test/demo/run.ts).
export const DEMO_API_KEY = "loupe-demo-api-key";
export const DEMO_API_SECRET = "loupe-demo-api-secret-not-for-production";

export { freePort };

export type RunningDemo = {
  appUrl: string;
  simulatorUrl: string;
  kioskUrl: string;
  appPort: number;
  simulatorPort: number;
  kioskPort: number;
  dataDir: string;
  tagsDir: string;
  output: () => string;
  adminUrl: (path: string, locale: string, extra?: string) => string;
  stop: () => Promise<void>;
};

export async function startDemo(
  options: { env?: Record<string, string>; appPort?: number; args?: string[] } = {},
): Promise<RunningDemo> {
  const appPort = options.appPort ?? (await freePort());
  const simulatorPort = await freePort();
  const kioskPort = await freePort();
  mkdirSync(join(process.cwd(), "test/.tmp"), { recursive: true });
  const dataDir = mkdtempSync(join(process.cwd(), "test/.tmp/demo-"));
  const tagsDir = join(dataDir, "tags");
  // Undo what test/setup/test-env.ts sets for test processes: the demo is run as a person runs it.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development", LOUPE_WORKER: "1" };
  delete env.LOG_LEVEL;
  const demo: ChildProcess = spawn(process.execPath, ["--import", "tsx", "test/demo/run.ts", ...(options.args ?? [])], {
    env: {
      ...env,
      DEMO_APP_PORT: String(appPort),
      DEMO_SIMULATOR_PORT: String(simulatorPort),
      DEMO_KIOSK_PORT: String(kioskPort),
      DEMO_DATA_DIR: dataDir,
      DEMO_TAGS_DIR: tagsDir,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  demo.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  demo.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const started = Date.now();
  while (!/\[demo +[\d.]+s\] ready in/.test(output)) {
    if (demo.exitCode !== null || demo.signalCode !== null)
      throw new Error(`the demo exited early (code ${demo.exitCode}, signal ${demo.signalCode}):\n${output}`);
    // Building and seeding is the slowest step of the suite; on a busy machine it may take minutes.
    if (Date.now() - started > DEMO_START_MS)
      throw new Error(`the demo was not ready within ${DEMO_START_MS / 60_000} minutes:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const appUrl = `http://localhost:${appPort}`;
  const host = Buffer.from("admin.shopify.com/store/bijoux-demo").toString("base64url");
  return {
    appUrl,
    simulatorUrl: `http://127.0.0.1:${simulatorPort}`,
    kioskUrl: `http://localhost:${kioskPort}/`,
    appPort,
    simulatorPort,
    kioskPort,
    dataDir,
    tagsDir,
    output: () => output,
    adminUrl: (path, locale, extra = "") =>
      `${appUrl}${path}?shop=${DEMO_SHOP}&host=${host}&embedded=1&locale=${locale}${extra}`,
    stop: async () => {
      if (demo.exitCode !== null) return;
      const exited = new Promise((r) => demo.once("exit", r));
      demo.kill("SIGINT");
      await exited;
    },
  };
}
