import type { Actor } from "../../app/models/actor";

/** Who the factories write as when a test does not say: the audit log shows a seeding system. */
export const SEED_ACTOR: Actor = { kind: "system", name: "seed" };
