import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Clock } from "./state/simulator-state";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";

/** Lifetimes Shopify documents: expiring offline tokens 60 min, their refresh tokens 90 days, online tokens 24 h. */
export const OFFLINE_EXPIRES_IN = 3600;
export const REFRESH_EXPIRES_IN = 90 * 24 * 3600;
export const ONLINE_EXPIRES_IN = 86399;
const JWT_LEEWAY_S = 5;

export interface AccessTokenRecord {
  token: string;
  shop: string;
  online: boolean;
  userId: number | null;
  expiresAt: number | null;
}
interface RefreshTokenRecord {
  token: string;
  shop: string;
  expiresAt: number;
}

export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
  }
}

function b64urlJson(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** Verifies an App Bridge session token (HS256, signed with the app's secret) and returns its claims. */
export function verifySessionToken(
  token: string,
  apiKey: string,
  apiSecret: string,
  nowMs: number,
): Record<string, unknown> {
  const parts = token.split(".");
  if (parts.length !== 3) throw new OAuthError("invalid_subject_token", "The subject token is not a JWT.");
  const [header, payload, signature] = parts as [string, string, string];
  let head: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    head = b64urlJson(header);
    claims = b64urlJson(payload);
  } catch {
    throw new OAuthError("invalid_subject_token", "The subject token could not be decoded.");
  }
  if (head.alg !== "HS256")
    throw new OAuthError("invalid_subject_token", "The subject token must be signed with HS256.");
  const expected = createHmac("sha256", apiSecret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new OAuthError("invalid_subject_token", "The subject token signature is invalid.");
  }
  const now = nowMs / 1000;
  if (claims.aud !== apiKey)
    throw new OAuthError("invalid_subject_token", "The subject token audience does not match the client id.");
  if (typeof claims.exp !== "number" || claims.exp < now - JWT_LEEWAY_S)
    throw new OAuthError("invalid_subject_token", "The subject token has expired.");
  if (typeof claims.nbf === "number" && claims.nbf > now + JWT_LEEWAY_S)
    throw new OAuthError("invalid_subject_token", "The subject token is not yet valid.");
  return claims;
}

export class TokenStore {
  private readonly access = new Map<string, AccessTokenRecord>();
  private readonly refresh = new Map<string, RefreshTokenRecord>();

  constructor(
    private readonly clock: Clock,
    readonly scope: string,
  ) {}

  issueOffline(shop: string, expiring: boolean): { access: AccessTokenRecord; refreshToken: string | null } {
    const access = this.store(
      { shop, online: false, userId: null, expiresAt: expiring ? this.clock.now() + OFFLINE_EXPIRES_IN * 1000 : null },
      "shpat_",
    );
    if (!expiring) return { access, refreshToken: null };
    const token = `shprt_${randomBytes(16).toString("hex")}`;
    this.refresh.set(token, { token, shop, expiresAt: this.clock.now() + REFRESH_EXPIRES_IN * 1000 });
    return { access, refreshToken: token };
  }

  issueOnline(shop: string, userId: number): AccessTokenRecord {
    return this.store({ shop, online: true, userId, expiresAt: this.clock.now() + ONLINE_EXPIRES_IN * 1000 }, "shpua_");
  }

  private store(record: Omit<AccessTokenRecord, "token">, prefix: string): AccessTokenRecord {
    const full = { ...record, token: `${prefix}${randomBytes(16).toString("hex")}` };
    this.access.set(full.token, full);
    return full;
  }

  /** Refresh tokens rotate: the used one stops working, as Shopify documents. */
  useRefreshToken(token: string, shop: string): void {
    const record = this.refresh.get(token);
    if (!record || record.shop !== shop || record.expiresAt < this.clock.now()) {
      throw new OAuthError("invalid_grant", "The refresh token is invalid, expired or was already used.");
    }
    this.refresh.delete(token);
  }

  lookup(token: string | undefined, shop: string): AccessTokenRecord | null {
    if (!token) return null;
    const record = this.access.get(token);
    if (!record || record.shop !== shop) return null;
    if (record.expiresAt !== null && record.expiresAt <= this.clock.now()) return null;
    return record;
  }

  revokeShop(shop: string): void {
    for (const [token, record] of this.access) if (record.shop === shop) this.access.delete(token);
    for (const [token, record] of this.refresh) if (record.shop === shop) this.refresh.delete(token);
  }
}

export interface TokenRequest {
  client_id?: string;
  client_secret?: string;
  grant_type?: string;
  subject_token?: string;
  subject_token_type?: string;
  requested_token_type?: string;
  refresh_token?: string;
  expiring?: string | number | boolean;
}

/** Answers POST /admin/oauth/access_token for one shop, in Shopify's response shapes. */
export function exchangeToken(
  body: TokenRequest,
  shop: string,
  app: { apiKey: string; apiSecret: string },
  tokens: TokenStore,
  clock: Clock,
  accountOwnerId: number,
): Record<string, unknown> {
  if (body.client_id !== app.apiKey || body.client_secret !== app.apiSecret) {
    throw new OAuthError("invalid_client", "Client authentication failed: unknown client_id or wrong client_secret.");
  }
  const expiring = body.expiring === "1" || body.expiring === 1 || body.expiring === true;
  if (body.grant_type === "refresh_token") {
    if (!body.refresh_token) throw new OAuthError("invalid_request", "Missing refresh_token.");
    tokens.useRefreshToken(body.refresh_token, shop);
    return offlineAnswer(tokens, shop, true);
  }
  if (body.grant_type !== TOKEN_EXCHANGE_GRANT)
    throw new OAuthError("unsupported_grant_type", `Unsupported grant_type ${String(body.grant_type)}.`);
  if (body.subject_token_type !== ID_TOKEN_TYPE)
    throw new OAuthError("invalid_request", "subject_token_type must be urn:ietf:params:oauth:token-type:id_token.");
  if (!body.subject_token) throw new OAuthError("invalid_request", "Missing subject_token.");
  const claims = verifySessionToken(body.subject_token, app.apiKey, app.apiSecret, clock.now());
  const dest = String(claims.dest ?? "")
    .replace(/^https:\/\//, "")
    .replace(/\/.*$/, "");
  if (dest !== shop) throw new OAuthError("invalid_subject_token", "The subject token was issued for another shop.");
  const requested = body.requested_token_type ?? OFFLINE_TOKEN_TYPE;
  if (requested === OFFLINE_TOKEN_TYPE) return offlineAnswer(tokens, shop, expiring);
  if (requested !== ONLINE_TOKEN_TYPE)
    throw new OAuthError("invalid_request", `Unsupported requested_token_type ${requested}.`);
  const userId = Number(claims.sub ?? 1);
  const access = tokens.issueOnline(shop, userId);
  return {
    access_token: access.token,
    scope: tokens.scope,
    expires_in: ONLINE_EXPIRES_IN,
    associated_user_scope: tokens.scope,
    session: claims.sid ?? null,
    associated_user: {
      id: userId,
      first_name: "Sim",
      last_name: "Staff",
      email: `staff-${userId}@${shop}`,
      account_owner: userId === accountOwnerId,
      locale: "fr",
      collaborator: false,
      email_verified: true,
    },
  };
}

function offlineAnswer(tokens: TokenStore, shop: string, expiring: boolean): Record<string, unknown> {
  const { access, refreshToken } = tokens.issueOffline(shop, expiring);
  if (!expiring) return { access_token: access.token, scope: tokens.scope };
  return {
    access_token: access.token,
    scope: tokens.scope,
    expires_in: OFFLINE_EXPIRES_IN,
    refresh_token: refreshToken,
    refresh_token_expires_in: REFRESH_EXPIRES_IN,
  };
}
