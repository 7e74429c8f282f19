// How an injected fault (test/simulator/faults.ts) answers an HTTP request.
import type { ServerResponse } from "node:http";
import type { FaultSpec } from "../faults";
import { json } from "./http";
import type { SimulatorParts } from "./parts";

/** Returns true when the fault answered (or swallowed) the request. */
export async function applyFault(parts: SimulatorParts, fault: FaultSpec, res: ServerResponse): Promise<boolean> {
  switch (fault.kind) {
    case "status":
      json(res, fault.status, {
        errors:
          fault.status === 503 ? "Service Unavailable" : fault.status === 502 ? "Bad Gateway" : "Internal Server Error",
      });
      return true;
    case "timeout":
      // Never answer: the client's own timeout (or close()) ends it.
      parts.held.add(res);
      res.on("close", () => parts.held.delete(res));
      return true;
    case "slow":
      await new Promise((r) => setTimeout(r, fault.ms));
      return false;
    case "throttle":
    case "bulk-fail":
    case "bulk-hold":
      return false;
  }
}
