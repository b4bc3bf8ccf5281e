import { TableBatch } from '../../columns/batch.js';
import { DuplicatePlanter, type NullPlanter, nullPlanters } from '../../defects/plant.js';
import { hashId, type Random, splitmix32, unitHash } from '../../random/prng.js';
import { WeightedChoice } from '../../random/weighted.js';
import type { DatasetState } from '../../state.js';
import { OFFICE_PATTERN } from '../../time/pattern.js';
import type { TimeSampler } from '../../time/timeline.js';
import { REGIONS } from '../../vocab/commerce.js';
import { emailLocal, FIRST_NAMES, LAST_NAMES } from '../../vocab/people.js';
import { COMPANY_PREFIXES, COMPANY_SUFFIXES, EVENT_TYPES, INDUSTRIES, PLANS, ROLES } from '../../vocab/saas.js';
import type { DatasetRun, RunOptions, TimeWindow } from '../dataset.js';
import { applyLateArrivals, planRun, repeatOrNew } from '../run-plan.js';
import { ACCOUNTS, EVENTS, SAAS_TABLES, SUBSCRIPTIONS, USERS } from './tables.js';

/**
 * Users per account on average. Accounts are a pure function of users: user u belongs to one of the
 * first ceil(u / K) accounts, and every K-th user opens a new account as its owner. So any run knows
 * every user's account from ids alone, without reading earlier output.
 */
const USERS_PER_ACCOUNT = 6;
const NEW_USER_FLOOR = 0.002;
const NEW_USER_HALF = 300;
/** Chance per event that some account changes its subscription (upgrade or churn). */
const SUBSCRIPTION_CHANGE = 0.0015;
const CHURN_SHARE = 0.4;

const ACCOUNT_SALT = 0x0acc0047;
const NAME_SALT = 0x0c0ffee1;

const S = { time: 11, users: 12, events: 13, subscriptions: 14, late: 15, people: 16, count: 17 };

const industryChoice = new WeightedChoice(Object.values(INDUSTRIES));
const regionChoice = new WeightedChoice(Object.values(REGIONS));
const roleChoice = new WeightedChoice(Object.values(ROLES));
const eventChoice = new WeightedChoice(Object.values(EVENT_TYPES));
const planChoice = new WeightedChoice(PLANS.map((p) => p.share));
const STATUS = { trial: 0, active: 1, upgraded: 2, churned: 3 };

/** The account of a user (see USERS_PER_ACCOUNT). */
export function accountOfUser(userId: number): number {
  const accounts = Math.ceil(userId / USERS_PER_ACCOUNT);
  if ((userId - 1) % USERS_PER_ACCOUNT === 0) return accounts;
  return 1 + Math.floor(unitHash(userId, ACCOUNT_SALT) * accounts);
}

export function companyName(accountId: number): string {
  const h = hashId(accountId, NAME_SALT);
  return `${COMPANY_PREFIXES[h % COMPANY_PREFIXES.length]} ${COMPANY_SUFFIXES[(h >>> 8) % COMPANY_SUFFIXES.length]}`;
}

function companyDomain(accountId: number): string {
  return `${companyName(accountId)
    .toLowerCase()
    .replace(/[^a-z]/g, '')}${accountId}.example.com`;
}

export class SaasRun implements DatasetRun {
  readonly tables = SAAS_TABLES;
  readonly window: TimeWindow;
  readonly plannedRows: number;

  private readonly state: DatasetState;
  private readonly options: RunOptions;
  private readonly rng: Record<keyof typeof S, Random>;
  private readonly sampler: TimeSampler | null;
  private readonly batches: Map<string, TableBatch>;
  private readonly accounts: TableBatch;
  private readonly users: TableBatch;
  private readonly subscriptions: TableBatch;
  private readonly events: TableBatch;
  private readonly nulls: NullPlanter[];
  private readonly eventDuplicates: DuplicatePlanter;
  private nextUser: number;
  private nextSubscription: number;
  private nextEvent: number;
  private generated = 0;

  constructor(options: RunOptions, previous: DatasetState | null) {
    this.options = options;
    const plan = planRun(options, previous, {
      dataset: 'saas',
      tables: this.tables,
      primary: 'events',
      runSalt: 0x5aa5,
      pattern: OFFICE_PATTERN,
      streams: S,
    });
    this.state = plan.state;
    this.nextUser = this.state.nextIds.users ?? 1;
    this.nextSubscription = this.state.nextIds.subscriptions ?? 1;
    this.nextEvent = this.state.nextIds.events ?? 1;
    this.window = plan.window;
    const runKey = plan.runKey;
    this.rng = plan.rng;
    this.plannedRows = plan.plannedRows;
    this.sampler = plan.sampler;
    const chunk = options.chunkRows;
    const dup = DuplicatePlanter.factor(options.defects);
    this.accounts = new TableBatch(ACCOUNTS, 1024);
    this.users = new TableBatch(USERS, 1024);
    this.subscriptions = new TableBatch(SUBSCRIPTIONS, 1024);
    this.events = new TableBatch(EVENTS, Math.ceil(chunk * dup));
    this.batches = new Map([
      ['accounts', this.accounts],
      ['users', this.users],
      ['subscriptions', this.subscriptions],
      ['events', this.events],
    ]);
    const d = options.defects;
    this.nulls = nullPlanters(
      [this.accounts, this.users, this.subscriptions, this.events],
      d,
      options.seed,
      400,
      runKey,
    );
    this.eventDuplicates = new DuplicatePlanter(
      d.exactDuplicates,
      d.nearDuplicates,
      options.seed,
      splitmix32(500) ^ runKey,
      (b, row, r) => {
        const at = b.columns[4] as Float64Array;
        if (!b.isNull(4, row)) at[row] = at[row]! + 200 + r.int(5_000);
      },
    );
  }

  next(): ReadonlyMap<string, TableBatch> | null {
    const remaining = this.plannedRows - this.generated;
    if (remaining <= 0) return null;
    for (const b of this.batches.values()) b.reset();
    const n = Math.min(this.options.chunkRows, remaining);
    this.generateEvents(n);
    this.generated += n;
    this.nulls[0]!.plant(this.accounts, this.accounts.length);
    this.nulls[1]!.plant(this.users, this.users.length);
    this.nulls[2]!.plant(this.subscriptions, this.subscriptions.length);
    this.nulls[3]!.plant(this.events, n);
    this.eventDuplicates.plant(this.events, n);
    return this.batches;
  }

  private addUser(t: number): number {
    const id = this.nextUser++;
    const account = accountOfUser(id);
    const opensAccount = (id - 1) % USERS_PER_ACCOUNT === 0;
    if (opensAccount) this.addAccount(account, t);
    const r = this.rng.people;
    const first = FIRST_NAMES[r.int(FIRST_NAMES.length)]!;
    const last = LAST_NAMES[r.int(LAST_NAMES.length)]!;
    const u = this.users;
    u.ensureCapacity(u.length + 1);
    const row = u.length++;
    (u.columns[0] as Float64Array)[row] = id;
    (u.columns[1] as Float64Array)[row] = account;
    (u.columns[2] as string[])[row] = `${emailLocal(first, last)}@${companyDomain(account)}`;
    (u.columns[3] as Uint8Array)[row] = opensAccount ? 2 : roleChoice.pick(r.next());
    (u.columns[4] as Float64Array)[row] = t;
    return id;
  }

  private addAccount(id: number, t: number): void {
    const a = this.accounts;
    a.ensureCapacity(a.length + 1);
    const row = a.length++;
    (a.columns[0] as Float64Array)[row] = id;
    (a.columns[1] as string[])[row] = companyName(id);
    (a.columns[2] as Uint8Array)[row] = industryChoice.pick(unitHash(id, ACCOUNT_SALT + 1));
    (a.columns[3] as Uint8Array)[row] = regionChoice.pick(unitHash(id, ACCOUNT_SALT + 2));
    (a.columns[4] as Float64Array)[row] = t;
    const r = this.rng.subscriptions;
    const plan = planChoice.pick(r.next());
    const trial = plan > 0 && r.next() < 0.35;
    this.addSubscription(id, plan, trial ? STATUS.trial : STATUS.active, t, null);
  }

  private addSubscription(account: number, plan: number, status: number, t: number, endedAt: number | null): void {
    const s = this.subscriptions;
    s.ensureCapacity(s.length + 1);
    const row = s.length++;
    (s.columns[0] as Float64Array)[row] = this.nextSubscription++;
    (s.columns[1] as Float64Array)[row] = account;
    (s.columns[2] as Uint8Array)[row] = plan;
    (s.columns[3] as Int32Array)[row] =
      status === STATUS.trial || status === STATUS.churned ? 0 : PLANS[plan]!.mrrCents;
    (s.columns[4] as Uint8Array)[row] = status;
    (s.columns[5] as Float64Array)[row] = t;
    if (endedAt === null) s.setNull(6, row);
    else (s.columns[6] as Float64Array)[row] = endedAt;
  }

  private generateEvents(n: number): void {
    if (!this.sampler) return;
    const e = this.events;
    const eventId = e.columns[0] as Float64Array;
    const userId = e.columns[1] as Float64Array;
    const accountId = e.columns[2] as Float64Array;
    const eventType = e.columns[3] as Uint8Array;
    const occurredAt = e.columns[4] as Float64Array;
    const ingestedAt = e.columns[5] as Float64Array;
    const { endMs } = this.window;
    const { users: rUsers, events: rEvents, subscriptions: rSubs } = this.rng;
    this.sampler.fill(occurredAt, n);
    applyLateArrivals(occurredAt, n, this.options.defects, this.window.startMs, this.rng.late);
    for (let i = 0; i < n; i++) {
      const t = occurredAt[i]!;
      const user = repeatOrNew(rUsers, this.nextUser - 1, NEW_USER_FLOOR, NEW_USER_HALF) || this.addUser(t);
      if (rSubs.next() < SUBSCRIPTION_CHANGE) {
        const accounts = Math.ceil((this.nextUser - 1) / USERS_PER_ACCOUNT);
        const account = 1 + rSubs.int(accounts);
        if (rSubs.next() < CHURN_SHARE)
          this.addSubscription(account, planChoice.pick(rSubs.next()), STATUS.churned, t, t);
        else
          this.addSubscription(
            account,
            Math.min(PLANS.length - 1, 1 + rSubs.int(PLANS.length - 1)),
            STATUS.upgraded,
            t,
            null,
          );
      }
      eventId[i] = this.nextEvent + i;
      userId[i] = user;
      accountId[i] = accountOfUser(user);
      eventType[i] = eventChoice.pick(rEvents.next());
      ingestedAt[i] = endMs;
    }
    this.nextEvent += n;
    e.length = n;
  }

  finalState(): DatasetState {
    return {
      dataset: 'saas',
      runs: this.state.runs + 1,
      watermark: this.window.endMs,
      nextIds: {
        accounts: Math.ceil((this.nextUser - 1) / USERS_PER_ACCOUNT) + 1,
        users: this.nextUser,
        subscriptions: this.nextSubscription,
        events: this.nextEvent,
      },
    };
  }
}
