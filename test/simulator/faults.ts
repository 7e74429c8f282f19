export type FaultTarget = "graphql" | "oauth" | "bulk";

export type FaultSpec =
  | {
      kind: "status";
      status: 500 | 502 | 503 | number;
      times?: number;
      rootField?: string;
      operationName?: string;
      target?: FaultTarget;
    }
  | { kind: "timeout"; times?: number; rootField?: string; operationName?: string; target?: FaultTarget }
  | { kind: "slow"; ms: number; times?: number; rootField?: string; operationName?: string; target?: FaultTarget }
  | { kind: "throttle"; times?: number; rootField?: string; operationName?: string; target?: FaultTarget }
  /** The next bulk operation fails after `afterLines` lines (default 0) with `errorCode`; partial results stay readable. */
  | {
      kind: "bulk-fail";
      errorCode?: "INTERNAL_SERVER_ERROR" | "TIMEOUT" | "ACCESS_DENIED";
      afterLines?: number;
      times?: number;
      rootField?: string;
      operationName?: string;
      target?: "bulk";
    }
  /** The next bulk operation stops after `afterLines` lines (default: all) and stays RUNNING until `sim.bulk.release()`. */
  | {
      kind: "bulk-hold";
      afterLines?: number;
      times?: number;
      rootField?: string;
      operationName?: string;
      target?: "bulk";
    };

function targetOf(spec: FaultSpec): FaultTarget {
  return spec.target ?? (spec.kind === "bulk-fail" || spec.kind === "bulk-hold" ? "bulk" : "graphql");
}

interface ArmedFault {
  spec: FaultSpec;
  remaining: number;
}

export interface RequestFacts {
  target: FaultTarget;
  operationName: string | null;
  rootFields: string[];
}

/** Faults armed by a test; each fires on the next `times` matching requests (default once). */
export class Faults {
  private armed: ArmedFault[] = [];
  readonly fired: { kind: FaultSpec["kind"]; at: number; rootFields: string[] }[] = [];

  inject(spec: FaultSpec): void {
    this.armed.push({ spec, remaining: spec.times ?? 1 });
  }

  clear(): void {
    this.armed = [];
  }

  pending(): FaultSpec[] {
    return this.armed.map((a) => a.spec);
  }

  /** Takes the first armed fault matching this request, if any. */
  take(facts: RequestFacts, now: number): FaultSpec | null {
    const index = this.armed.findIndex(({ spec }) => {
      if (targetOf(spec) !== facts.target) return false;
      if (spec.rootField && !facts.rootFields.includes(spec.rootField)) return false;
      if (spec.operationName && spec.operationName !== facts.operationName) return false;
      return true;
    });
    if (index < 0) return null;
    const fault = this.armed[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.armed.splice(index, 1);
    this.fired.push({ kind: fault.spec.kind, at: now, rootFields: facts.rootFields });
    return fault.spec;
  }
}
