import type { AppDatabase } from "../../db/client";
import { prepareCached } from "../../db/statements";
import type { IsoDate } from "../../shared/dates";
import { groupBy } from "../../shared/collections";
import { findLikelyToMiss, type LikelyToMiss } from "./earlyWarning";
import { computeIndicatorProgress, loadPilotsForProgress, type IndicatorWithProgress, type PilotForProgress } from "./indicatorProgress";

/*
 * The portfolio read model: every pilot's indicator progress at a date, kept in memory and brought up
 * to date from pilot_changes (kept by triggers for every writer, see db/schema.ts). A save recomputes
 * one pilot (20 indicators) instead of the whole programme, so the figures stay live and the first read
 * after a write stays fast. A new date, or many changed pilots, recomputes everything.
 */

export interface PortfolioProgress {
  pilotList: PilotForProgress[];
  progress: Map<number, IndicatorWithProgress[]>;
}

interface Snapshot extends PortfolioProgress {
  changeSeq: number;
  /** The early warning per pilot, computed on first use (only "needs attention" shows it). */
  likelyToMiss: Map<number, LikelyToMiss[]> | null;
}

/** Above this share of changed pilots, recomputing all of them in one query is cheaper. */
const FULL_RECOMPUTE_SHARE = 0.2;
const SNAPSHOTS_KEPT = 8;

const snapshotsByDatabase = new WeakMap<AppDatabase, Map<string, Snapshot>>();

function latestChangeSeq(db: AppDatabase): number {
  return prepareCached<[], { seq: number | null }>(db.$client, "SELECT max(change_seq) AS seq FROM pilot_changes").get()!.seq ?? 0;
}

function pilotsChangedSince(db: AppDatabase, changeSeq: number): number[] {
  return prepareCached<[number], { pilotId: number }>(db.$client, "SELECT pilot_id AS pilotId FROM pilot_changes WHERE change_seq > ?")
    .all(changeSeq)
    .map((r) => r.pilotId);
}

function computeAll(db: AppDatabase, projectId: number | undefined, asOf: IsoDate, changeSeq: number): Snapshot {
  const pilotList = loadPilotsForProgress(db, { projectId });
  return { pilotList, progress: computeIndicatorProgress(db, pilotList, asOf, projectId === undefined), changeSeq, likelyToMiss: null };
}

function bringUpToDate(db: AppDatabase, snapshot: Snapshot, projectId: number | undefined, asOf: IsoDate, changeSeq: number): Snapshot {
  const changed = pilotsChangedSince(db, snapshot.changeSeq);
  if (changed.length > Math.max(1, snapshot.pilotList.length * FULL_RECOMPUTE_SHARE)) return computeAll(db, projectId, asOf, changeSeq);
  // The list itself is cheap to reload, and keeps the database's order and filters as the one source.
  const pilotList = loadPilotsForProgress(db, { projectId });
  const changedSet = new Set(changed);
  const recomputed = computeIndicatorProgress(
    db,
    pilotList.filter((p) => changedSet.has(p.id)),
    asOf,
    false,
  );
  const progress = new Map<number, IndicatorWithProgress[]>();
  for (const pilot of pilotList) {
    const rows = changedSet.has(pilot.id) ? recomputed.get(pilot.id) : snapshot.progress.get(pilot.id);
    progress.set(pilot.id, rows ?? []);
  }
  let likelyToMiss: Map<number, LikelyToMiss[]> | null = null;
  if (snapshot.likelyToMiss) {
    const changedPilots = pilotList.filter((p) => changedSet.has(p.id));
    const fresh = groupBy(findLikelyToMiss(db, changedPilots, recomputed, asOf), (w) => w.pilot.id);
    likelyToMiss = new Map(pilotList.map((p) => [p.id, (changedSet.has(p.id) ? fresh.get(p.id) : snapshot.likelyToMiss!.get(p.id)) ?? []]));
  }
  return { pilotList, progress, changeSeq, likelyToMiss };
}

/**
 * Indicators whose trend will likely miss the goal (server/services/earlyWarning.ts), largest projected
 * shortfall first, kept per pilot in the same snapshot so that a save re-projects one pilot only.
 */
export function portfolioLikelyToMiss(db: AppDatabase, projectId: number | undefined, asOf: IsoDate): LikelyToMiss[] {
  const snapshot = currentSnapshot(db, projectId, asOf);
  snapshot.likelyToMiss ??= groupBy(findLikelyToMiss(db, snapshot.pilotList, snapshot.progress, asOf), (w) => w.pilot.id);
  const severity = (w: LikelyToMiss) => (w.projection.kind === "count" ? w.projection.shortfallPercent : -1);
  return [...snapshot.likelyToMiss.values()].flat().sort((a, b) => severity(b) - severity(a));
}

export function portfolioProgress(db: AppDatabase, projectId: number | undefined, asOf: IsoDate): PortfolioProgress {
  return currentSnapshot(db, projectId, asOf);
}

function currentSnapshot(db: AppDatabase, projectId: number | undefined, asOf: IsoDate): Snapshot {
  let snapshots = snapshotsByDatabase.get(db);
  if (!snapshots) snapshotsByDatabase.set(db, (snapshots = new Map()));
  const key = `${projectId ?? "all"}|${asOf}`;
  const changeSeq = latestChangeSeq(db);
  const previous = snapshots.get(key);
  let snapshot: Snapshot;
  if (previous && previous.changeSeq === changeSeq) snapshot = previous;
  // A lower sequence means the database was replaced (a restore): nothing cached can be trusted.
  else if (previous && previous.changeSeq < changeSeq) snapshot = bringUpToDate(db, previous, projectId, asOf, changeSeq);
  else snapshot = computeAll(db, projectId, asOf, changeSeq);
  snapshots.delete(key);
  snapshots.set(key, snapshot);
  while (snapshots.size > SNAPSHOTS_KEPT) snapshots.delete(snapshots.keys().next().value!);
  return snapshot;
}
