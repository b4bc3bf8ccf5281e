import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saas } from '../src/datasets/saas/index.js';
import { generate } from '../src/generate.js';
import { FileSink } from '../src/sinks/files.js';
import { LocalClock } from '../src/time/timezone.js';
import { collect, duck, END, parquet, tempDir } from './helpers.js';

type Duck = Awaited<ReturnType<typeof duck>>;

describe('saas → Parquet (accounts, users, subscriptions, events)', () => {
  let db: Duck;
  let dir: string;
  let cleanup: () => Promise<void>;
  const runs: Awaited<ReturnType<typeof generate>>[] = [];

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    db = await duck();
    const sink = new FileSink(dir, 'parquet');
    runs.push(
      await generate({ dataset: 'saas', sink, options: { rows: 40_000, endMs: END, durationMs: 14 * 86_400_000 } }),
    );
    runs.push(await generate({ dataset: 'saas', sink, options: { rows: 10_000, endMs: END + 86_400_000 } }));
  });
  afterAll(async () => {
    db?.close();
    await cleanup?.();
  });

  it('keeps every reference valid across runs, and each event carries its user’s account', async () => {
    const r = await db.one(`
      SELECT
        (SELECT count(*) FROM ${parquet(dir, 'events')} e LEFT JOIN ${parquet(dir, 'users')} u USING (user_id) WHERE u.user_id IS NULL)::INTEGER AS events_without_user,
        (SELECT count(*) FROM ${parquet(dir, 'events')} e JOIN ${parquet(dir, 'users')} u USING (user_id) WHERE e.account_id <> u.account_id)::INTEGER AS wrong_account,
        (SELECT count(*) FROM ${parquet(dir, 'users')} u WHERE u.account_id NOT IN (SELECT account_id FROM ${parquet(dir, 'accounts')}))::INTEGER AS users_without_account,
        (SELECT count(*) FROM ${parquet(dir, 'subscriptions')} s WHERE s.account_id NOT IN (SELECT account_id FROM ${parquet(dir, 'accounts')}))::INTEGER AS subscriptions_without_account,
        (SELECT count(*) FROM ${parquet(dir, 'accounts')} a WHERE a.account_id NOT IN (SELECT account_id FROM ${parquet(dir, 'subscriptions')}))::INTEGER AS accounts_without_subscription,
        (SELECT count(*) - count(DISTINCT event_id) FROM ${parquet(dir, 'events')})::INTEGER AS event_dups,
        (SELECT count(*) FROM ${parquet(dir, 'events')})::INTEGER AS events`);
    expect(r).toEqual({
      events_without_user: 0,
      wrong_account: 0,
      users_without_account: 0,
      subscriptions_without_account: 0,
      accounts_without_subscription: 0,
      event_dups: 0,
      events: 50_000,
    });
  });

  it('models MRR and churn consistently', async () => {
    const r = await db.one(`
      SELECT count(*) FILTER (WHERE status = 'churned')::INTEGER AS churned,
             count(*) FILTER (WHERE status = 'churned' AND (mrr <> 0 OR ended_at IS NULL))::INTEGER AS bad_churn,
             count(*) FILTER (WHERE status <> 'churned' AND ended_at IS NOT NULL)::INTEGER AS bad_open,
             count(*) FILTER (WHERE status = 'active' AND plan <> 'free' AND mrr = 0)::INTEGER AS unpaid_active,
             sum(mrr) FILTER (WHERE status IN ('active', 'upgraded'))::DOUBLE AS mrr
      FROM ${parquet(dir, 'subscriptions')}`);
    expect(r.churned as number).toBeGreaterThan(0);
    expect(r).toMatchObject({ bad_churn: 0, bad_open: 0, unpaid_active: 0 });
    expect(r.mrr as number).toBeGreaterThan(0);
  });

  it('continues ids across runs', () => {
    expect(runs[1]!.state.nextIds.events).toBe(50_001);
    expect(runs[1]!.state.nextIds.users!).toBeGreaterThan(runs[0]!.state.nextIds.users!);
    expect(runs[1]!.window.start).toBe(runs[0]!.window.end);
  });

  it('follows office hours: working hours busier than the night, weekdays busier than weekends', () => {
    const { tables } = collect(saas, { rows: 50_000, durationMs: 14 * 86_400_000, timeZone: 'Asia/Tokyo', seed: 2 });
    const clock = new LocalClock('Asia/Tokyo');
    const hours = new Array(24).fill(0);
    const days = new Array(7).fill(0);
    for (const t of tables.get('events')!.occurred_at as number[]) {
      const { minuteOfDay, weekday } = clock.local(t);
      hours[Math.floor(minuteOfDay / 60)]++;
      days[weekday]++;
    }
    expect(hours[10]!).toBeGreaterThan(10 * hours[3]!);
    expect(days[2]!).toBeGreaterThan(2 * days[0]!);
  });
});
