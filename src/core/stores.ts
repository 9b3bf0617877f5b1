import type { Rotation } from './types.js';

/**
 * The state kubecon-bot keeps, as interfaces. The core and the listeners use only these; `stores/` implements
 * each one in memory (tests, the local shell), in files under DATA_DIR (one replica) and in Redis (several
 * replicas). A record read back from a file or from Redis is checked here, the same way for both.
 */

/** An append-only list of records (votes, declined questions). */
export interface ListStore<T> {
  record(entry: T): Promise<void>;
  list(): Promise<T[]>;
}

/** A 👍/👎 vote on an answer, per section and query (never per person). */
export interface Vote {
  readonly sectionId: string;
  /** The question answered; empty when questions are not kept (GAPS_RECORD=false). */
  readonly query: string;
  readonly value: 'helpful' | 'unhelpful';
  /** ISO time of the vote. */
  readonly at: string;
}

export type FeedbackStore = ListStore<Vote>;

/** A question the bot declined: a knowledge gap, kept so the team knows what to write next. */
export interface DeclinedQuestion {
  readonly query: string;
  readonly source: string;
  /** ISO time. */
  readonly at: string;
  /** Only when GAPS_RECORD_USERS=true. */
  readonly user?: string;
}

export type GapStore = ListStore<DeclinedQuestion>;

/** A set of keys that expire: event ids already handled, threads the bot answered in. */
export interface KeySet {
  /** Adds the key; true when it was not there (the first time it is seen). */
  add(key: string): Promise<boolean>;
  has(key: string): Promise<boolean>;
}

/**
 * The rate limit's state: a **token bucket** per key (a user). A bucket holds at most `perMinute` tokens
 * and refills at `perMinute` a minute; a question takes one. `at` is the time of the question (ms).
 */
export interface TokenBuckets {
  /** Takes a token from the key's bucket; false when it is empty (the question must wait). */
  take(key: string, perMinute: number, at: number): Promise<boolean>;
}

/** A channel's day of the daily tip: claimed by whoever is posting, then posted (with the message ts). */
export interface DayRecord {
  readonly status: 'claimed' | 'posted';
  readonly tipId?: string;
  readonly ts?: string;
  /** ISO time of the claim. */
  readonly at: string;
}

/**
 * The daily tip's state: the rotation, and one record per channel and day. `claim` is atomic, so one caller
 * per channel and day gets to post, even across processes and replicas.
 */
export interface TipStore {
  rotation(): Promise<Rotation | undefined>;
  saveRotation(rotation: Rotation): Promise<void>;
  /** Claims (channel, day); true for exactly one caller, false if a claim or post already exists. */
  claim(channel: string, day: string, at: Date): Promise<boolean>;
  /** The record of (channel, day), `corrupt` when it exists but cannot be read. */
  record(channel: string, day: string): Promise<DayRecord | 'corrupt' | undefined>;
  /** Replaces the record of a claimed day (posted, or re-claimed after a crash). */
  update(channel: string, day: string, record: DayRecord): Promise<void>;
  /** Gives up a claim, so a later attempt within the grace window may post. */
  release(channel: string, day: string): Promise<void>;
}

/** A stored rotation, checked; throws an error naming what is wrong when the text is not one. */
export function parseRotation(text: string): Rotation {
  const r = JSON.parse(text) as Partial<Rotation> | null;
  if (!Array.isArray(r?.order) || !r.order.every((id) => typeof id === 'string'))
    throw new Error('order is not a list of tip ids');
  if (typeof r.posted !== 'number' || typeof r.cycle !== 'number')
    throw new Error('posted and cycle must be numbers');
  return { order: r.order, posted: r.posted, cycle: r.cycle };
}

/** A stored day record, checked; `corrupt` when it cannot be read (a crash between a claim and its write). */
export function parseDayRecord(text: string): DayRecord | 'corrupt' {
  try {
    const record = JSON.parse(text) as Partial<DayRecord> | null;
    const known = record?.status === 'claimed' || record?.status === 'posted';
    return known && typeof record.at === 'string' ? (record as DayRecord) : 'corrupt';
  } catch {
    return 'corrupt';
  }
}
