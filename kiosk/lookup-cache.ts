import fs from "node:fs";
import path from "node:path";
import { findTemplate } from "../app/domain/tags";
import type { KioskContext, PieceSummary } from "./api";

export interface CachedPiece {
  piece: PieceSummary;
  tag: unknown;
  at: number;
  /** The template the tag was made for: an RFID template's tag carries the piece's EPC. */
  templateId?: string;
}

interface CacheFile {
  context?: KioskContext;
  receiving?: PieceSummary[];
  pieces: Record<string, CachedPiece>;
}

const CACHE_LIMIT = 500;

/**
 * The kiosk's kept copy of what the app last said (`cache.json` in the data directory): its
 * context, today's receiving list, and the last pieces looked up with their tags, so intake goes
 * on offline.
 */
export class LookupCache {
  private data: CacheFile;
  private dirty = false;

  /** `defaultTemplateId`: the template of pieces kept before the cache recorded one. */
  constructor(
    private readonly dataDir: string,
    private readonly defaultTemplateId: string,
  ) {
    this.data = this.load();
  }

  get context(): KioskContext | undefined {
    return this.data.context;
  }

  set context(context: KioskContext) {
    this.data.context = context;
    this.dirty = true;
  }

  get receiving(): PieceSummary[] | undefined {
    return this.data.receiving;
  }

  set receiving(pieces: PieceSummary[]) {
    this.data.receiving = pieces;
    this.dirty = true;
  }

  /** The kept piece with this code, whatever template its tag was made for. */
  piece(tagCode: string): CachedPiece | undefined {
    return this.data.pieces[tagCode];
  }

  /**
   * The kept piece, if its tag serves for this template: a tag kept for another template serves
   * too, except on RFID stock, whose EPC only the app gives.
   */
  pieceFor(tagCode: string, templateId: string): CachedPiece | undefined {
    const c = this.data.pieces[tagCode];
    return c && ((c.templateId ?? this.defaultTemplateId) === templateId || !findTemplate(templateId)?.rfidCapable)
      ? c
      : undefined;
  }

  /** Keeps the piece with its tag; past the limit, the pieces seen longest ago go. */
  remember(piece: PieceSummary, tag: unknown, templateId: string): void {
    this.data.pieces[piece.tagCode] = { piece, tag, at: Date.now(), templateId };
    const codes = Object.keys(this.data.pieces);
    if (codes.length > CACHE_LIMIT) {
      codes.sort((a, b) => this.data.pieces[a]!.at - this.data.pieces[b]!.at);
      for (const c of codes.slice(0, codes.length - CACHE_LIMIT)) delete this.data.pieces[c];
    }
    this.dirty = true;
  }

  /** A piece received here shows as active where it now is, until the app says otherwise. */
  markReceived(tagCode: string, locationPath: string): void {
    const cached = this.data.pieces[tagCode];
    if (cached) cached.piece = { ...cached.piece, state: "active", locationPath };
  }

  private file(): string {
    return path.join(this.dataDir, "cache.json");
  }

  private load(): CacheFile {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file(), "utf8")) as CacheFile;
      return { ...parsed, pieces: parsed.pieces ?? {} };
    } catch {
      return { pieces: {} };
    }
  }

  /** The cache only speeds up offline intake; losing it loses nothing, so no fsync. */
  save(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const tmp = this.file() + ".tmp";
    fs.writeFileSync(tmp, JSON.stringify(this.data), { mode: 0o600 });
    fs.renameSync(tmp, this.file());
  }
}
