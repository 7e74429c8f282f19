// Who did something. Every change to a piece, a quantity or a setting names one.
export type ActorKind = "admin" | "staff" | "kiosk" | "webhook" | "system" | "import";

export type Actor = {
  kind: ActorKind;
  /** StaffMember id when the person is known to Loupe. */
  id?: string | null;
  /** Shown in histories: "Camille (admin)", "Kiosk Boutique 1 / Léa", "Shopify webhook orders/paid". */
  name: string;
};

export function actorLabel(actor: Actor): string {
  return `${actor.name} (${actor.kind})`;
}

export const SYSTEM_ACTOR: Actor = { kind: "system", name: "Loupe" };
