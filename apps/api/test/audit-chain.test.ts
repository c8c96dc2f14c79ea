import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { bearer, buildTestApp, createUser, type TestApp, type TestUser } from './helper.ts'

// The audit is a hash chain: whoever can get round the append-only trigger (the owner role, a superuser) still
// cannot change, remove or slip in a row without GET /api/audit/verify naming the row where the chain breaks.

const apps: TestApp[] = []
afterAll(async () => {
  for (const t of apps) await t.close()
})

/** A fresh database with some audited changes made through the API. */
async function trail(changes = 4) {
  const t = await buildTestApp()
  apps.push(t)
  const admin = await createUser(t, 'admin')
  for (let i = 0; i < changes; i++) {
    await t.api.post('/api/users').set(bearer(admin)).send({ email: `chain-${i}@example.org`, name: `Kette ${i}`, role: 'advisor', password: 'a-long-passphrase' }).expect(201)
  }
  return { t, admin }
}

/** The owner role on this test's database: may disable the append-only trigger, as an attacker with it could. */
async function asOwner(t: TestApp, statements: string[]): Promise<void> {
  const owner = new pg.Client({ connectionString: inject('pgOwnerUrl').replace(/\/postgres$/, new URL(t.app.pool.options.connectionString!).pathname) })
  await owner.connect()
  try {
    for (const statement of statements) await owner.query(statement)
  } finally {
    await owner.end()
  }
}

const seqs = async (t: TestApp) => (await t.sql.query<{ seq: string }>('SELECT seq FROM audit_log ORDER BY seq')).rows.map((r) => Number(r.seq))
const verify = async (t: TestApp, user: TestUser) => (await t.api.get('/api/audit/verify').set(bearer(user)).expect(200)).body

describe('GET /api/audit/verify', () => {
  let t: TestApp
  let admin: TestUser
  beforeAll(async () => ({ t, admin } = await trail()))

  it('reports an untouched trail as intact, counting every row', async () => {
    const all = await seqs(t)
    // The migration chained the rows written before it (the offers' seed), the trigger every row since.
    expect(all.length).toBeGreaterThan(4)
    expect(await verify(t, admin)).toEqual({ intact: true, checked: all.length, firstBrokenSeq: null })
    expect(await verify(t, await createUser(t, 'coordinator'))).toEqual({ intact: true, checked: all.length, firstBrokenSeq: null })
  })

  it('links each row to the row before it in seq order', async () => {
    const { rows } = await t.sql.query<{ linked: boolean; first: boolean }>(
      `SELECT prev_hash IS NOT DISTINCT FROM lag(hash) OVER (ORDER BY seq) AS linked, row_number() OVER (ORDER BY seq) = 1 AS first FROM audit_log`,
    )
    expect(rows.every((r) => r.linked)).toBe(true)
    const head = await t.sql.query('SELECT a.seq FROM audit_chain_head h JOIN audit_log a ON a.hash = h.hash AND a.seq = h.seq')
    expect(head.rowCount).toBe(1)
  })

  it('keeps one chain when many changes are written at once', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.api.post('/api/users').set(bearer(admin)).send({ email: `parallel-${i}@example.org`, name: `Parallel ${i}`, role: 'advisor', password: 'a-long-passphrase' }).expect(201),
      ),
    )
    const all = await seqs(t)
    expect(await verify(t, admin)).toEqual({ intact: true, checked: all.length, firstBrokenSeq: null })
  })

  it('keeps one chain in seq order when transactions append at the same time and commit late', async () => {
    // As the app role, eight connections at once; each transaction stays open after its append, so without the
    // chain lock two of them would link to the same predecessor, and seq order would not be chain order.
    const app = new pg.Pool({ connectionString: t.app.pool.options.connectionString!, max: 8 })
    try {
      await Promise.all(
        Array.from({ length: 24 }, async (_, i) => {
          const client = await app.connect()
          try {
            await client.query('BEGIN')
            await client.query(`INSERT INTO audit_log (action, entity, after) VALUES ('test.parallel', 'settings', $1)`, [{ i }])
            await client.query('SELECT pg_sleep(0.02)')
            await client.query('COMMIT')
          } finally {
            client.release()
          }
        }),
      )
    } finally {
      await app.end()
    }
    const all = await seqs(t)
    expect(await verify(t, admin)).toEqual({ intact: true, checked: all.length, firstBrokenSeq: null })
  })

  it('gives the same answer batch by batch as in one go', async () => {
    const all = await seqs(t)
    expect(await t.app.auditRepository.verifyChain(3)).toEqual({ intact: true, checked: all.length, firstBrokenSeq: null })
    expect(await t.app.auditRepository.verifyChain(1)).toEqual({ intact: true, checked: all.length, firstBrokenSeq: null })
  })

  it('is open to admin and coordinator only', async () => {
    expect((await t.api.get('/api/audit/verify').set(bearer(await createUser(t, 'frontdesk'))).expect(403)).body.code).toBe('FORBIDDEN')
    expect((await t.api.get('/api/audit/verify').set(bearer(await createUser(t, 'advisor'))).expect(403)).body.code).toBe('FORBIDDEN')
    await t.api.get('/api/audit/verify').expect(401)
  })
})

describe('a trail changed behind the app’s back', () => {
  it('is detected at exactly the row whose content was edited', async () => {
    const { t, admin } = await trail()
    const all = await seqs(t)
    const victim = all[all.length - 3]!
    await asOwner(t, [
      'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete',
      `UPDATE audit_log SET after = jsonb_set(after, '{name}', '"Jemand anderes"') WHERE seq = ${victim}`,
      'ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete',
    ])
    expect(await verify(t, admin)).toEqual({ intact: false, checked: all.length, firstBrokenSeq: victim })
    // Batches do not hide it, wherever the boundary falls.
    for (const size of [1, 2, 3, 5]) expect((await t.app.auditRepository.verifyChain(size)).firstBrokenSeq).toBe(victim)
  })

  it('is detected when the edited row was re-hashed too: at the next row, whose link no longer matches', async () => {
    const { t, admin } = await trail()
    const all = await seqs(t)
    const victim = all[all.length - 3]!
    await asOwner(t, [
      'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete',
      `UPDATE audit_log SET after = '{"forged": true}' WHERE seq = ${victim}`,
      `UPDATE audit_log SET hash = audit_log_hash(seq, id, at, actor_id, action, entity, entity_id, before, after, prev_hash) WHERE seq = ${victim}`,
      'ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete',
    ])
    expect(await verify(t, admin)).toEqual({ intact: false, checked: all.length, firstBrokenSeq: all[all.length - 2] })
  })

  it('is detected at the row after one removed from the middle', async () => {
    const { t, admin } = await trail()
    const all = await seqs(t)
    const removed = all[all.length - 3]!
    await asOwner(t, [
      'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete',
      `DELETE FROM audit_log WHERE seq = ${removed}`,
      'ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete',
    ])
    expect(await verify(t, admin)).toEqual({ intact: false, checked: all.length - 1, firstBrokenSeq: all[all.length - 2] })
  })

  it('is detected when rows at the end were removed: at the last row the chain head remembers', async () => {
    const { t, admin } = await trail()
    const all = await seqs(t)
    await asOwner(t, [
      'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete',
      `DELETE FROM audit_log WHERE seq >= ${all[all.length - 2]}`,
      'ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete',
    ])
    // The chain head remembers the last append; what is left links up, so the head is what tells.
    expect(await verify(t, admin)).toEqual({ intact: false, checked: all.length - 2, firstBrokenSeq: all[all.length - 1] })
  })
})
