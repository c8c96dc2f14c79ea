import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DISTRICTS, TARGET_GROUPS } from '@wohnlotse/shared'
import { buildTestApp, type TestApp } from './helper.ts'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(async () => t.close())

/** The list's conditions as groups-repository.ts writes them (the search over name and description together). */
const conditions = {
  q: `(name || ' ' || coalesce(description, '')) ILIKE '%garten%'`,
  stage: `stage = 'concept'`,
  status: `status = 'active'`,
  district: `district = 'neustadt'`,
  targetGroup: `target_groups @> ARRAY['families']::text[]`,
}
type Filter = keyof typeof conditions

describe('the group list at scale (issue 13)', () => {
  // At 100,000 groups a search with a target group intersected up to three indexes (BitmapAnd), the trigram one
  // handing over every group the search matches (12,500 for 'garten') to keep a hundred. One GIN index over the
  // search text and the filters (migration 0026) hands over only the groups that match them all.
  it('plans every filter combination without intersecting indexes or reading the whole table', async () => {
    // 5,000 groups spread like the bench's (scripts/bench/generate.ts): one in eight named 'Gartenhaus'.
    await t.sql.query(`
      INSERT INTO groups (name, description, district, target_groups, stage, status, updated_at)
      SELECT 'Wohnprojekt ' || (ARRAY['Lindenhof','Elbblick','Gartenhaus','Sonnenhof','Hofgemeinschaft','Mehrgenerationen','Werkhaus','Kiezleben'])[1 + i % 8] || ' ' || i,
             CASE WHEN i % 3 = 0 THEN NULL ELSE 'Gemeinsam wohnen und bauen' END,
             ($1::text[])[1 + i % cardinality($1::text[])],
             ARRAY[($2::text[])[1 + (i / 3) % cardinality($2::text[])]],
             (CASE WHEN i % 10 < 5 THEN 'orientation' WHEN i % 10 < 8 THEN 'concept' ELSE 'expert' END)::stage,
             (CASE WHEN (i / 10) % 10 < 8 THEN 'active' WHEN (i / 10) % 10 = 8 THEN 'paused' ELSE 'closed' END)::group_status,
             timestamptz '2026-11-30 12:00:00+00' - i * interval '13 minutes'
      FROM generate_series(1, 5000) i`, [DISTRICTS, TARGET_GROUPS])
    await t.sql.query('ANALYZE groups')
    const filters = Object.keys(conditions) as Filter[]
    const combos = Array.from({ length: 1 << filters.length }, (_, mask) => filters.filter((_, b) => mask & (1 << b)))
    const plans = []
    for (const combo of combos) {
      const where = ['true', ...combo.map((f) => conditions[f])].join(' AND ')
      const { rows } = await t.sql.query(`EXPLAIN SELECT id, name, district, stage, stage_since, status, updated_at FROM groups WHERE ${where} ORDER BY updated_at DESC, id DESC LIMIT 51`)
      const plan = rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n')
      plans.push({ combo: combo.join(' + '), intersects: plan.includes('BitmapAnd'), readsTable: plan.includes('Seq Scan') })
    }
    expect(plans.filter((p) => p.intersects || p.readsTable)).toEqual([])
  })
})
