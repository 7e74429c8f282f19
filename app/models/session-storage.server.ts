// Shopify session storage on Loupe's own Prisma 7 client (the official Prisma adapter wants Prisma 6).
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { db } from "../db.server";

type Row = Awaited<ReturnType<typeof db.session.findUnique>> & object;

function toRow(session: Session) {
  const user = session.onlineAccessInfo?.associated_user;
  return {
    id: session.id,
    shop: session.shop,
    state: session.state,
    isOnline: session.isOnline,
    scope: session.scope ?? null,
    expires: session.expires ?? null,
    accessToken: session.accessToken ?? "",
    refreshToken: session.refreshToken ?? null,
    refreshTokenExpires: session.refreshTokenExpires ?? null,
    userId: user?.id !== undefined ? BigInt(user.id) : null,
    firstName: user?.first_name ?? null,
    lastName: user?.last_name ?? null,
    email: user?.email ?? null,
    accountOwner: user?.account_owner ?? false,
    locale: user?.locale ?? null,
    collaborator: user?.collaborator ?? null,
    emailVerified: user?.email_verified ?? null,
  };
}

function fromRow(row: Row): Session {
  const session = new Session({
    id: row.id,
    shop: row.shop,
    state: row.state,
    isOnline: row.isOnline,
    scope: row.scope ?? undefined,
    expires: row.expires ?? undefined,
    accessToken: row.accessToken,
    refreshToken: row.refreshToken ?? undefined,
    refreshTokenExpires: row.refreshTokenExpires ?? undefined,
  });
  if (row.userId !== null) {
    session.onlineAccessInfo = {
      associated_user: {
        id: Number(row.userId),
        first_name: row.firstName ?? undefined,
        last_name: row.lastName ?? undefined,
        email: row.email ?? undefined,
        account_owner: row.accountOwner,
        locale: row.locale ?? undefined,
        collaborator: row.collaborator ?? undefined,
        email_verified: row.emailVerified ?? undefined,
      },
    } as Session["onlineAccessInfo"];
  }
  return session;
}

export class LoupeSessionStorage implements SessionStorage {
  async storeSession(session: Session): Promise<boolean> {
    const data = toRow(session);
    await db.session.upsert({ where: { id: session.id }, create: data, update: data });
    return true;
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const row = await db.session.findUnique({ where: { id } });
    return row ? fromRow(row) : undefined;
  }

  async deleteSession(id: string): Promise<boolean> {
    await db.session.deleteMany({ where: { id } });
    return true;
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    await db.session.deleteMany({ where: { id: { in: ids } } });
    return true;
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    const rows = await db.session.findMany({ where: { shop }, take: 25 });
    return rows.map(fromRow);
  }
}
