import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { acquireLock, Journal, JournalError, type JobEntry, type OpEntry } from "../../../kiosk/journal";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kiosk-journal-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const op = (key: string, kind: OpEntry["kind"] = "receive"): OpEntry => ({
  t: "op",
  key,
  kind,
  pieceId: "p1",
  locationId: "loc",
  at: "2026-11-26T10:00:00.000Z",
});
const job = (id: string, appJobId?: string): JobEntry => ({
  t: "job",
  id,
  source: appJobId ? "queue" : "intake",
  ...(appJobId ? { appJobId } : {}),
  pieceId: "p1",
  tagCode: "7K3QX9M",
  templateId: "barbell-56x13",
  copies: 1,
  reprint: false,
  tag: {},
  at: "2026-11-26T10:00:00.000Z",
});

describe("kiosk journal", () => {
  test("an operation stays pending until its outcome is written, across reopening", () => {
    const j = Journal.open(dir);
    j.append(op("k1"), op("k2"));
    j.append({ t: "op-done", key: "k1", result: { state: "active" } });
    j.close();
    const again = Journal.open(dir);
    expect(again.pendingOps().map((o) => o.entry.key)).toEqual(["k2"]);
    expect(again.ops.get("k1")).toMatchObject({ status: "done", result: { state: "active" } });
    again.close();
  });

  test("a printed job is never offered for printing again; an unacknowledged app job is offered for acknowledgement only", () => {
    const j = Journal.open(dir);
    j.append(job("a", "app-1"), job("b"));
    j.append({ t: "job-printing", id: "a" }, { t: "job-printed", id: "a" });
    j.close();
    const again = Journal.open(dir);
    expect(again.jobsToPrint().map((x) => x.entry.id)).toEqual(["b"]);
    expect(again.jobsToAck().map((x) => x.entry.id)).toEqual(["a"]);
    expect(again.appJobs.get("app-1")).toBe("a");
    again.close();
  });

  test("a job interrupted while printing (bytes maybe sent) is offered again: the documented window", () => {
    const j = Journal.open(dir);
    j.append(job("a"), { t: "job-printing", id: "a" });
    j.close();
    const again = Journal.open(dir);
    expect(again.jobsToPrint().map((x) => [x.entry.id, x.status])).toEqual([["a", "printing"]]);
    again.close();
  });

  test("a torn last line (crash mid-write) is cut off and the rest is kept", () => {
    const j = Journal.open(dir);
    j.append(op("k1"));
    j.close();
    fs.appendFileSync(path.join(dir, "journal.jsonl"), '{"t":"op-done","key":"k1"');
    const again = Journal.open(dir);
    expect(again.pendingOps().map((o) => o.entry.key)).toEqual(["k1"]);
    again.append({ t: "op-done", key: "k1" });
    again.close();
    expect(Journal.open(dir).pendingOps()).toEqual([]);
  });

  test("damage before the last line is reported, not silently skipped", () => {
    fs.writeFileSync(
      path.join(dir, "journal.jsonl"),
      'garbage\n{"t":"op","key":"k","kind":"tagged","pieceId":"p","at":"x"}\n',
    );
    expect(() => Journal.open(dir)).toThrow(JournalError);
  });

  test("compaction keeps unfinished work and the ids of handled app jobs, and drops the rest", () => {
    const j = Journal.open(dir, { compact: false });
    j.append(op("done"), { t: "op-done", key: "done" }, op("pending"));
    j.append(job("acked", "app-1"), { t: "job-printed", id: "acked" }, { t: "job-acked", id: "acked" });
    j.append(job("unacked", "app-2"), { t: "job-printed", id: "unacked" });
    j.append(job("queued"));
    j.compact();
    j.close();
    const text = fs.readFileSync(path.join(dir, "journal.jsonl"), "utf8");
    expect(text).not.toContain('"key":"done"');
    const again = Journal.open(dir);
    expect(again.pendingOps().map((o) => o.entry.key)).toEqual(["pending"]);
    expect(again.appJobs.has("app-1")).toBe(true);
    expect(again.jobsToAck().map((x) => x.entry.id)).toEqual(["unacked"]);
    expect(again.jobsToPrint().map((x) => x.entry.id)).toEqual(["queued"]);
    again.close();
  });

  test("the journal file is private to the kiosk's user", () => {
    Journal.open(dir).close();
    expect(fs.statSync(path.join(dir, "journal.jsonl")).mode & 0o777).toBe(0o600);
  });

  test("one process per data directory; a dead holder's lock is taken over", () => {
    const release = acquireLock(dir);
    // Our own pid counts as a live holder only for other processes; simulate another live one.
    fs.writeFileSync(path.join(dir, "kiosk.lock"), String(process.ppid));
    expect(() => acquireLock(dir)).toThrow(/Another kiosk process/);
    fs.writeFileSync(path.join(dir, "kiosk.lock"), "999999999");
    const again = acquireLock(dir);
    again();
    release();
    expect(fs.existsSync(path.join(dir, "kiosk.lock"))).toBe(false);
  });
});
