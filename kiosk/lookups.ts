import { validateTagCode } from "../app/domain/tagcode";
import { AppUnreachable, ApiRefusal, type AppClient, type PieceSummary, type StaffSession } from "./api";
import type { AppLink } from "./app-link";
import type { Journal } from "./journal";
import type { LookupCache } from "./lookup-cache";
import { KioskError, kioskError } from "./messages";
import { readTagData } from "./tag";

export interface LookupParts {
  journal: Journal;
  client: AppClient;
  link: AppLink;
  cache: LookupCache;
  /** The kiosk's own template: lookups without one, and the tags kept for offline intake. */
  templateId: string;
}

export interface FoundPiece {
  piece: PieceSummary;
  tag: unknown;
  fromCache: boolean;
}

/**
 * Pieces and tags as the counter needs them: asked of the app, kept in the lookup cache, and
 * answered from it when the app cannot be reached.
 */
export class PieceLookups {
  constructor(private readonly parts: LookupParts) {}

  /** Local check first (a mistyped code never reaches the app), then the app, then the cache. */
  async lookup(input: string, templateId: string = this.parts.templateId): Promise<FoundPiece> {
    const { client, link, cache } = this.parts;
    const checked = validateTagCode(input);
    if (!checked.ok) {
      const shown = input.trim().slice(0, 40);
      throw kioskError(
        checked.reason === "LENGTH"
          ? "TAG_CODE_LENGTH"
          : checked.reason === "CHARACTER"
            ? "TAG_CODE_CHARACTER"
            : "TAG_CODE_CHECK",
        { input: shown },
        { status: 422 },
      );
    }
    const code = checked.code;
    // Known to be offline: answer from the kept copy at once instead of waiting for a timeout.
    const kept = cache.pieceFor(code, templateId);
    if (!link.online && kept && link.backingOff()) return { piece: kept.piece, tag: kept.tag, fromCache: true };
    try {
      const found = await client.piece(code, templateId);
      link.markOnline();
      // The app says why this piece's tag cannot be printed (no price, no GTIN for RFID…): show it.
      if (found.tag === null && found.tagError)
        throw new KioskError(
          { code: found.tagError.code, en: found.tagError.message, fr: found.tagError.messageFr },
          { status: 422 },
        );
      readTagData(found.tag);
      cache.remember(found.piece, found.tag, templateId);
      return { piece: found.piece, tag: found.tag, fromCache: false };
    } catch (e) {
      if (e instanceof ApiRefusal && e.httpStatus === 404)
        throw kioskError("PIECE_NOT_FOUND", { code }, { status: 404 });
      if (e instanceof AppUnreachable) {
        link.markOffline(e);
        const cached = cache.pieceFor(code, templateId);
        if (cached) return { piece: cached.piece, tag: cached.tag, fromCache: true };
        throw kioskError("PIECE_NOT_CACHED", { code }, { status: 503, transient: true });
      }
      throw e;
    }
  }

  async receivingList(): Promise<{ pieces: PieceSummary[]; fromCache: boolean }> {
    const { client, link, cache } = this.parts;
    try {
      const { pieces } = await client.receiving();
      link.markOnline();
      cache.receiving = pieces;
      return { pieces: this.withLocalState(pieces), fromCache: false };
    } catch (e) {
      if (!(e instanceof AppUnreachable)) throw e;
      link.markOffline(e);
      return { pieces: this.withLocalState(cache.receiving ?? []), fromCache: true };
    }
  }

  /** Pieces received here but not yet delivered are no longer "receiving" for the person. */
  private withLocalState(pieces: PieceSummary[]): PieceSummary[] {
    const received = new Set(
      this.parts.journal
        .pendingOps()
        .filter((o) => o.entry.kind === "receive")
        .map((o) => o.entry.pieceId),
    );
    return pieces.filter((p) => !received.has(p.id));
  }

  async refreshContext(): Promise<void> {
    const { client, link, cache, templateId } = this.parts;
    if (!client.deviceToken) return;
    try {
      cache.context = await client.context();
      link.markOnline();
      // Keep today's receiving pieces with their tag data, so intake goes on offline.
      const { pieces } = await client.receiving();
      cache.receiving = pieces;
      for (const p of pieces.slice(0, 100)) {
        if (cache.piece(p.tagCode)) continue;
        const found = await client.piece(p.tagCode, templateId);
        if (found.tag) cache.remember(found.piece, found.tag, templateId);
      }
    } catch (e) {
      if (e instanceof AppUnreachable) link.markOffline(e);
      else if (e instanceof KioskError) link.problem = e.toBilingual();
      else throw e;
    }
  }

  /**
   * On RFID stock, the tag with its final EPC: the app gives the piece its serial when asked for
   * the tag to print (a lookup only shows the next serial, provisionally). Offline, a kept tag
   * whose serial was already given still prints the same EPC; a provisional one cannot print.
   */
  async tagToPrint(found: FoundPiece, templateId: string, staff: StaffSession): Promise<unknown> {
    const { client, link, cache } = this.parts;
    const provisional = (tag: unknown) => readTagData(tag).content.rfid?.provisional === true;
    const offlineCopy = () => {
      if (provisional(found.tag))
        throw kioskError("RFID_SERIAL_PENDING", { template: templateId }, { status: 503, transient: true });
      return found.tag;
    };
    if (found.fromCache && !link.online && link.backingOff()) return offlineCopy();
    try {
      const answer = await client.tagToPrint(found.piece.id, templateId, staff.staffSession);
      link.markOnline();
      readTagData(answer.tag);
      cache.remember(found.piece, answer.tag, templateId);
      return answer.tag;
    } catch (e) {
      if (e instanceof ApiRefusal && e.httpStatus === 404)
        throw kioskError("PIECE_NOT_FOUND", { code: found.piece.tagCode }, { status: 404 });
      if (e instanceof AppUnreachable) {
        link.markOffline(e);
        return offlineCopy();
      }
      throw e;
    }
  }
}
