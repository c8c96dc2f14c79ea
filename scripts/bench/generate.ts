/**
 * Realistic bulk data for benchmarks, generated inside PostgreSQL (INSERT … SELECT generate_series), so 100,000
 * groups and 1,000,000 time entries load in seconds. Every row passes the schema's constraints and triggers, and
 * the money adds up afterwards exactly as the services keep it: a grant's submitted/approved minutes are the sums
 * of its entries, its committed/spent cents are minutes × rate, a contract's granted minutes and a year's
 * committed/spent cents are the sums of their grants (`reconcile`).
 *
 * Ids are md5-derived UUIDs of a label and a number (`benchId('group', 17)`), so a benchmark can name any row
 * without asking the database, and generating further groups (`addGroups(from, to)`) extends the same data set.
 *
 * No audit rows are written: bulk history would only slow the load, and nothing reads it in the benchmarks.
 * Usable on its own: `tsx scripts/bench/generate.ts <DATABASE_URL> [groups] [inquiries] [entries-per-grant]`.
 */
import { createHash } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import { DISTRICTS, TARGET_GROUPS, TOPICS } from '../../packages/shared/src/reference.ts'
import { TIME_ENTRY_ACTIVITIES } from '../../packages/shared/src/fachberatung.ts'
import { INQUIRY_CHANNELS } from '../../packages/shared/src/frontdesk.ts'

/** Advisors, each with one framework contract. */
export const ADVISORS = 50
/** Every contract's rate: 9,000 cents an hour is 150 cents a minute, so no rounding ever enters the sums. */
export const HOURLY_RATE_CENTS = 9_000
const CENTS_PER_MINUTE = HOURLY_RATE_CENTS / 60
/** One group in five is in Stufe III and holds one hour grant. */
export const isExpertGroup = (i: number) => i % 10 >= 8

/** The same UUID for the same label and number, in SQL (`md5(label || '-' || n)::uuid`) and here. */
export function benchId(label: string, n: number | string): string {
  const h = createHash('md5').update(`bench-${label}-${n}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
const sqlId = (label: string, expr: string) => `md5('bench-${label}-' || ${expr})::uuid`
const sqlArray = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(',')}]`

export const USERS = {
  coordinator: benchId('user', 'coordinator'),
  frontdesk: benchId('user', 'frontdesk'),
  advisor: (a: number) => benchId('advisor', a),
}
/** The session (refresh family) each bench user's access tokens belong to. */
export const sessionOf = (userId: string) => benchId('session', userId)

type Sql = Pick<pg.Client, 'query'>

/** Users with live sessions, budgets and contracts: what every data set needs once. */
export async function addBase(db: Sql): Promise<void> {
  // Nobody can sign in with this hash: the benchmarks sign their own access tokens for these sessions.
  const noLogin = 'bench-account-without-password'
  await db.query(
    `INSERT INTO users (id, email, name, role, password_hash) VALUES
       ($1, 'bench-coordinator@example.org', 'Bench Koordination', 'coordinator', $3),
       ($2, 'bench-frontdesk@example.org', 'Bench Empfang', 'frontdesk', $3)`,
    [USERS.coordinator, USERS.frontdesk, noLogin],
  )
  await db.query(
    `INSERT INTO users (id, email, name, role, password_hash)
     SELECT ${sqlId('advisor', 'a')}, 'bench-advisor-' || a || '@example.org', 'Fachberatung ' || a, 'advisor', $1
     FROM generate_series(1, ${ADVISORS}) a`,
    [noLogin],
  )
  await db.query(
    `INSERT INTO sessions (user_id, family_id, token_hash, expires_at, user_agent)
     SELECT id, md5('bench-session-' || id)::uuid, md5('bench-token-' || id), now() + interval '1 day', 'bench'
     FROM users WHERE email LIKE 'bench-%@example.org'`,
  )
  await db.query(`INSERT INTO advisor_budgets (year, amount_cents) VALUES (2025, 0), (2026, 0)`)
  await db.query(
    `INSERT INTO contracts (id, advisor_id, number, valid_from, valid_until, hourly_rate_cents, vat_rate_percent, expertise)
     SELECT ${sqlId('contract', 'a')}, ${sqlId('advisor', 'a')}, 'RV-BENCH-' || lpad(a::text, 3, '0'), '2025-01-01', '2027-12-31',
            ${HOURLY_RATE_CENTS}, 19, ARRAY['financing']
     FROM generate_series(1, ${ADVISORS}) a`,
  )
}

/**
 * Groups `from`..`to` with two contacts and three consultations each; every fifth group is in Stufe III with
 * one grant and `entriesPerGrant` time entries (half approved, half submitted). Call `reconcile` afterwards.
 */
export async function addGroups(db: Sql, from: number, to: number, entriesPerGrant: number): Promise<void> {
  const range = `generate_series(${from}, ${to}) i`
  // Spread over ~2.5 years at 100k, newest first at i = 1; distinct, so the keyset order is stable.
  const updatedAt = `(timestamptz '2026-11-30 12:00:00+00' - i * interval '13 minutes')`
  await db.query(
    `INSERT INTO groups (id, name, description, legal_form, district, target_groups, languages, planned_homes, lifecycle,
                         stage, stage_since, status, created_by, created_at, updated_at)
     SELECT ${sqlId('group', 'i')},
            'Wohnprojekt ' || (ARRAY['Lindenhof','Elbblick','Gartenhaus','Sonnenhof','Hofgemeinschaft','Mehrgenerationen','Werkhaus','Kiezleben'])[1 + i % 8] || ' ' || i,
            CASE WHEN i % 3 = 0 THEN NULL ELSE 'Gemeinsam wohnen und bauen: ' || (ARRAY['Genossenschaft mit Gemeinschaftsraum','Hausgruppe im Altbau','Neubau mit Werkstatt','Wohnen mit Nachbarschaftscafé'])[1 + i % 4] END,
            (ARRAY['none','verein','eg','gmbh_syndikat','gbr','other'])[1 + i % 6]::legal_form,
            (${sqlArray(DISTRICTS)})[1 + i % ${DISTRICTS.length}],
            -- i / 3, not i: otherwise parity ties the target group to the name and some filter pairs never meet
            ARRAY[(${sqlArray(TARGET_GROUPS)})[1 + (i / 3) % ${TARGET_GROUPS.length}]],
            ARRAY['de'], 4 + i % 40,
            CASE WHEN i % 10 >= 8 THEN 'planning' ELSE 'initiative' END::lifecycle,
            CASE WHEN i % 10 < 5 THEN 'orientation' WHEN i % 10 < 8 THEN 'concept' ELSE 'expert' END::stage,
            ${updatedAt} - interval '20 days',
            CASE WHEN (i / 10) % 10 < 8 THEN 'active' WHEN (i / 10) % 10 = 8 THEN 'paused' ELSE 'closed' END::group_status,
            $1, ${updatedAt} - interval '60 days', ${updatedAt}
     FROM ${range}`,
    [USERS.coordinator],
  )
  await db.query(
    `INSERT INTO group_stage_changes (group_id, from_stage, to_stage, at, by_id, reason)
     SELECT id, NULL, stage, stage_since, $1, CASE WHEN stage <> 'orientation' THEN 'Übernommen aus der Vorgängerliste' END
     FROM groups WHERE id IN (SELECT ${sqlId('group', 'i')} FROM ${range})`,
    [USERS.coordinator],
  )
  // Paused and closed groups got there by a status change (closings with a reason and its code), as the API records it.
  await db.query(
    `INSERT INTO group_status_changes (group_id, from_status, to_status, at, by_id, reason, close_reason)
     SELECT id, 'active', status, updated_at - interval '10 days', $1,
            CASE WHEN status = 'closed' THEN 'Beratung beendet' ELSE 'Pause' END,
            CASE WHEN status = 'closed' THEN (ARRAY['realised','dissolved','joined_other_project','no_contact','out_of_scope','other'])[1 + (i / 100) % 6] END::group_close_reason
     FROM ${range}, LATERAL (SELECT id, status, updated_at FROM groups WHERE id = ${sqlId('group', 'i')}) g
     WHERE g.status <> 'active'`,
    [USERS.coordinator],
  )
  await db.query(
    `INSERT INTO group_contacts (group_id, name, email, role, since, consent_at)
     SELECT ${sqlId('group', 'i')}, 'Kontakt ' || k || ' der Gruppe ' || i, 'kontakt-' || i || '-' || k || '@example.org',
            'Ansprechperson', date '2024-01-01' + (i % 600), date '2024-01-01' + (i % 600)
     FROM ${range}, generate_series(1, 2) k`,
  )
  await db.query(
    `INSERT INTO consultations (group_id, date, minutes, channel, language, topics, notes, stage, by_id)
     SELECT g.id, (g.updated_at - k * interval '9 days')::date, 30 + 15 * (k % 4),
            (ARRAY['in_person','phone','video','email','event'])[1 + (k + i) % 5]::consultation_channel, 'de',
            ARRAY[(${sqlArray(TOPICS)})[1 + (i + k) % ${TOPICS.length}]], 'Gesprächsnotiz ' || k, g.stage, $1
     FROM ${range}, generate_series(1, 3) k, LATERAL (SELECT id, updated_at, stage FROM groups WHERE id = ${sqlId('group', 'i')}) g`,
    [USERS.coordinator],
  )
  // Grants start with room for every entry; `reconcile` sets the sums the entries make.
  await db.query(
    `INSERT INTO grants (id, group_id, contract_id, advisor_id, year, purpose, granted_minutes, committed_cents, created_by, created_at)
     SELECT ${sqlId('grant', 'i')}, ${sqlId('group', 'i')}, ${sqlId('contract', '1 + i % ' + ADVISORS)}, ${sqlId('advisor', '1 + i % ' + ADVISORS)},
            2025 + i % 2, 'Fachberatung Finanzierung', ${entriesPerGrant * 60 + 600}, ${(entriesPerGrant * 60 + 600) * CENTS_PER_MINUTE},
            $1, ${updatedAt} - interval '19 days'
     FROM ${range} WHERE i % 10 >= 8`,
    [USERS.coordinator],
  )
  if (entriesPerGrant > 0) {
    await db.query(
      `INSERT INTO time_entries (grant_id, advisor_id, date, minutes, activity, description, status, reviewed_by, reviewed_at, billing_month, created_at)
       SELECT ${sqlId('grant', 'i')}, ${sqlId('advisor', '1 + i % ' + ADVISORS)},
              LEAST(make_date(2025 + i % 2, 1 + k % 11, 1 + (i + k) % 28), current_date), 15 * (1 + k % 4),
              (${sqlArray(TIME_ENTRY_ACTIVITIES)})[1 + (i + k) % ${TIME_ENTRY_ACTIVITIES.length}]::time_entry_activity,
              'Beratung ' || k, CASE WHEN k % 2 = 0 THEN 'approved' ELSE 'submitted' END::time_entry_status,
              CASE WHEN k % 2 = 0 THEN $1::uuid END, CASE WHEN k % 2 = 0 THEN now() END,
              -- An approved entry is billed in the month it was worked in (migration 0018); none is finalised here.
              CASE WHEN k % 2 = 0 THEN to_char(LEAST(make_date(2025 + i % 2, 1 + k % 11, 1 + (i + k) % 28), current_date), 'YYYY-MM') END,
              make_date(2025 + i % 2, 1 + k % 11, 1 + (i + k) % 28)
       FROM ${range}, generate_series(1, ${entriesPerGrant}) k WHERE i % 10 >= 8`,
      [USERS.coordinator],
    )
  }
}

/**
 * `count` grants of `minutes` each for hour-logging benchmarks, on the first Stufe-III groups, spread over the
 * advisors; returns their ids with their advisor.
 */
export async function addLoggingGrants(db: Sql, label: string, count: number, minutes: number): Promise<{ id: string; advisorId: string }[]> {
  const grants = Array.from({ length: count }, (_, n) => {
    const a = 1 + (n % ADVISORS)
    return { n, id: benchId(`${label}-grant`, n), advisorId: USERS.advisor(a), contractId: benchId('contract', a), groupId: benchId('group', 10 * n + 8) }
  })
  await db.query(
    `INSERT INTO grants (id, group_id, contract_id, advisor_id, year, purpose, granted_minutes, committed_cents, created_by)
     SELECT (g->>'id')::uuid, (g->>'groupId')::uuid, (g->>'contractId')::uuid, (g->>'advisorId')::uuid, 2026, 'Lasttest', $2, $3, $4
     FROM jsonb_array_elements($1::jsonb) g`,
    [JSON.stringify(grants), minutes, minutes * CENTS_PER_MINUTE, USERS.coordinator],
  )
  return grants.map(({ id, advisorId }) => ({ id, advisorId }))
}

/** `count` enquiries at the front desk over two years; two in five referred to an offer, one in five closed. */
export async function addInquiries(db: Sql, count: number): Promise<void> {
  await db.query(
    `INSERT INTO inquiries (id, received_at, channel, name, contact, topics, target_groups, language, notes, status, close_reason, closed_at, created_by, created_at, updated_at)
     SELECT ${sqlId('inquiry', 'i')}, t, (${sqlArray(INQUIRY_CHANNELS)})[1 + i % ${INQUIRY_CHANNELS.length}]::inquiry_channel,
            CASE WHEN i % 4 = 0 THEN NULL ELSE 'Anfragende Person ' || i END,
            CASE WHEN i % 4 = 0 THEN NULL ELSE 'person-' || i || '@example.org' END,
            ARRAY[(${sqlArray(TOPICS)})[1 + i % ${TOPICS.length}]], ARRAY[(${sqlArray(TARGET_GROUPS)})[1 + i % ${TARGET_GROUPS.length}]],
            'de', 'Erstkontakt, Orientierung gegeben',
            CASE WHEN i % 5 = 0 THEN 'closed' WHEN i % 5 IN (1, 2) THEN 'referred' ELSE 'open' END::inquiry_status,
            CASE WHEN i % 5 = 0 THEN 'Erledigt' END, CASE WHEN i % 5 = 0 THEN t + interval '1 day' END,
            $1, t, t
     FROM generate_series(1, ${count}) i, LATERAL (SELECT timestamptz '2026-11-30 12:00:00+00' - i * (interval '2 years' / ${count})) AS r(t)`,
    [USERS.frontdesk],
  )
  await db.query(
    `WITH offer AS (SELECT array_agg(id ORDER BY name) AS ids FROM offers)
     INSERT INTO referrals (inquiry_id, offer_id, reason, consent_to_share, follow_up_on, outcome, outcome_at, outcome_by, created_by, created_at, updated_at)
     SELECT q.id, offer.ids[1 + i % cardinality(offer.ids)], 'Passendes Angebot', true, (q.received_at + interval '14 days')::date,
            (ARRAY['pending','contacted','helped','not_helped','unreachable'])[1 + (i / 5) % 5]::referral_outcome,
            CASE WHEN (i / 5) % 5 <> 0 THEN q.received_at + interval '20 days' END,
            CASE WHEN (i / 5) % 5 <> 0 THEN $1::uuid END, $1, q.received_at, q.received_at
     FROM generate_series(1, ${count}) i, offer, LATERAL (SELECT id, received_at FROM inquiries WHERE id = ${sqlId('inquiry', 'i')}) q
     WHERE i % 5 IN (1, 2)`,
    [USERS.frontdesk],
  )
}

/** Makes every sum agree with the rows it sums, as the services keep them, and leaves the budgets room. */
export async function reconcile(db: Sql): Promise<void> {
  await db.query(
    `UPDATE grants g SET submitted_minutes = s.submitted, approved_minutes = s.approved,
            granted_minutes = s.submitted + s.approved + 600,
            committed_cents = (s.submitted + s.approved + 600) * ${CENTS_PER_MINUTE}, spent_cents = s.approved * ${CENTS_PER_MINUTE}
     FROM (SELECT grant_id, coalesce(sum(minutes) FILTER (WHERE status = 'submitted'), 0) AS submitted,
                  coalesce(sum(minutes) FILTER (WHERE status = 'approved'), 0) AS approved
           FROM time_entries GROUP BY grant_id) s
     WHERE g.id = s.grant_id AND (g.submitted_minutes, g.approved_minutes) IS DISTINCT FROM (s.submitted, s.approved)`,
  )
  await db.query(
    `UPDATE contracts c SET granted_minutes = s.minutes
     FROM (SELECT contract_id, sum(granted_minutes) AS minutes FROM grants GROUP BY contract_id) s WHERE c.id = s.contract_id`,
  )
  // Raise the amount first: the CHECK (committed <= amount) holds after every single statement.
  await db.query(
    `UPDATE advisor_budgets b SET amount_cents = s.committed + 50000000, committed_cents = s.committed, spent_cents = s.spent
     FROM (SELECT year, sum(committed_cents) AS committed, sum(spent_cents) AS spent FROM grants GROUP BY year) s WHERE b.year = s.year`,
  )
  // Vacuumed, not only analysed, as pgbench leaves its tables after loading: otherwise autovacuum works through
  // the million fresh rows while the figures run (taking CPU from whichever side is measured then), and index-only
  // scans find no page marked all-visible, as a database in use would have them.
  await db.query('VACUUM (ANALYZE)')
}

/** What must hold after any load: no grant, contract or budget overdrawn, and every sum equal to its rows. */
export async function overdrawn(db: Sql): Promise<string[]> {
  const checks: [string, string][] = [
    ['grants over their cap', `SELECT count(*) FROM grants WHERE submitted_minutes + approved_minutes > granted_minutes`],
    [
      'grants whose minutes differ from their entries',
      `SELECT count(*) FROM grants g LEFT JOIN (SELECT grant_id, sum(minutes) FILTER (WHERE status = 'submitted') AS s,
              sum(minutes) FILTER (WHERE status = 'approved') AS a FROM time_entries GROUP BY grant_id) e ON e.grant_id = g.id
       WHERE g.submitted_minutes <> coalesce(e.s, 0) OR g.approved_minutes <> coalesce(e.a, 0)`,
    ],
    ['grants spending more than committed', `SELECT count(*) FROM grants WHERE spent_cents > committed_cents`],
    [
      'contracts over their volume or not the sum of their grants',
      `SELECT count(*) FROM contracts c LEFT JOIN (SELECT contract_id, sum(granted_minutes) AS m FROM grants GROUP BY contract_id) g ON g.contract_id = c.id
       WHERE (c.max_minutes IS NOT NULL AND c.granted_minutes > c.max_minutes) OR c.granted_minutes <> coalesce(g.m, 0)`,
    ],
    [
      'budgets over-committed or not the sum of their grants',
      `SELECT count(*) FROM advisor_budgets b LEFT JOIN (SELECT year, sum(committed_cents) AS c, sum(spent_cents) AS s FROM grants GROUP BY year) g ON g.year = b.year
       WHERE b.committed_cents > b.amount_cents OR b.spent_cents > b.committed_cents OR b.committed_cents <> coalesce(g.c, 0) OR b.spent_cents <> coalesce(g.s, 0)`,
    ],
  ]
  const problems: string[] = []
  for (const [what, query] of checks) {
    const n = Number((await db.query<{ count: string }>(query)).rows[0]!.count)
    if (n > 0) problems.push(`${n} ${what}`)
  }
  return problems
}

/** Groups 1..groups, `inquiries` enquiries, reconciled: the whole data set in one call. */
export async function generate(db: Sql, opts: { groups: number; inquiries: number; entriesPerGrant: number }): Promise<void> {
  await addBase(db)
  await addGroups(db, 1, opts.groups, opts.entriesPerGrant)
  if (opts.inquiries > 0) await addInquiries(db, opts.inquiries)
  await reconcile(db)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [url, groups = '10000', inquiries = '0', entries = '5'] = process.argv.slice(2)
  if (!url) {
    console.error('usage: tsx scripts/bench/generate.ts <DATABASE_URL of the owner> [groups] [inquiries] [entries-per-grant]')
    process.exit(2)
  }
  const db = new pg.Client({ connectionString: url })
  await db.connect()
  const started = Date.now()
  await generate(db, { groups: Number(groups), inquiries: Number(inquiries), entriesPerGrant: Number(entries) })
  console.log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s; overdrawn: ${(await overdrawn(db)).join(', ') || 'none'}`)
  await db.end()
}
