import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { bearer, buildTestApp, createUser, type TestApp, type TestUser } from './helper.ts'

// The audit is sealed into a hash chain shortly after each row commits (migration 0020): whoever can get round the
// append-only triggers (the owner role, a superuser) still cannot change, remove or slip in a row without
// GET /api/audit/verify naming the row where the chain breaks. Writers never wait for the chain.

const apps: TestApp[] = []
afterAll(async () => {
  for (const t of apps) await t.close()
})

/** A fresh database with some audited changes made through the API, all of them sealed. */
async function trail(changes = 4) {
  const t = await buildTestApp()
  apps.push(t)
  const admin = await createUser(t, 'admin')
  for (let i = 0; i < changes; i++) {
    await t.api.post('/api/users').set(bearer(admin)).send({ email: `chain-${i}@example.org`, name: `Kette ${i}`, role: 'advisor', password: 'a-long-passphrase' }).expect(201)
  }
  await t.app.auditRepository.seal(true)
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

/** As the owner, with the append-only triggers of the audit and its seals off, as an attacker with that role could. */
async function behindTheBack(t: TestApp, statements: string[]): Promise<void> {
  await asOwner(t, [
    'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete',
    'ALTER TABLE audit_seals DISABLE TRIGGER audit_seals_no_update_delete',
    ...statements,
    'ALTER TABLE audit_seals ENABLE TRIGGER audit_seals_no_update_delete',
    'ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete',
  ])
}

const seqs = async (t: TestApp) => (await t.sql.query<{ seq: string }>('SELECT seq FROM audit_log ORDER BY seq')).rows.map((r) => Number(r.seq))
const verify = async (t: TestApp, user: TestUser) => (await t.api.get('/api/audit/verify').set(bearer(user)).expect(200)).body

describe('GET /api/audit/verify', () => {
  let t: TestApp
  let admin: TestUser
  beforeAll(async () => ({ t, admin } = await trail()))

  it('reports an untouched trail as intact, counting every row', async () => {
    const all = await seqs(t)
    // The migrations chained the rows written before them (the offers' seed), the sealer every row since.
    expect(all.length).toBeGreaterThan(4)
    expect(await verify(t, admin)).toEqual({ intact: true, checked: all.length, firstBrokenSeq: null })
    expect(await verify(t, await createUser(t, 'coordinator'))).toEqual({ intact: true, checked: all.length, firstBrokenSeq: null })
  })

  it('seals every row exactly once, in positions 1, 2, 3, … ending at the chain head', async () => {
    await verify(t, admin)
    const { rows } = await t.sql.query<{ rows: number; sealed: number; distinct: number; top: string; queued: number }>(
      `SELECT (SELECT count(*)::int FROM audit_log) AS rows, count(*)::int AS sealed, count(DISTINCT seq)::int AS distinct,
              max(position)::text AS top, (SELECT count(*)::int FROM audit_unsealed) AS queued FROM audit_seals`,
    )
    expect(rows[0]).toEqual({ rows: rows[0]!.sealed, sealed: rows[0]!.sealed, distinct: rows[0]!.sealed, top: String(rows[0]!.sealed), queued: 0 })
    const head = await t.sql.query('SELECT 1 FROM audit_chain_head h JOIN audit_seals s ON s.position = h.position AND s.seq = h.seq AND s.hash = h.hash')
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

  it('seals rows of transactions that append at the same time and commit late, each exactly once', async () => {
    // As the app role, eight connections at once, each transaction open a while after its append; sealers run
    // meanwhile (the app's own timer and the calls here), so rows commit before and after seals, out of seq order.
    const app = new pg.Pool({ connectionString: t.app.pool.options.connectionString!, max: 8 })
    let stop = false
    const sealing = (async () => {
      while (!stop) await t.app.auditRepository.seal()
    })()
    try {
      await Promise.all(
        Array.from({ length: 24 }, async (_, i) => {
          const client = await app.connect()
          try {
            await client.query('BEGIN')
            await client.query(`INSERT INTO audit_log (action, entity, after) VALUES ('test.parallel', 'settings', $1)`, [{ i }])
            await client.query(`SELECT pg_sleep(${(24 - i) * 0.002})`)
            await client.query('COMMIT')
          } finally {
            client.release()
          }
        }),
      )
    } finally {
      stop = true
      await sealing
      await app.end()
    }
    const all = await seqs(t)
    expect(await verify(t, admin)).toEqual({ intact: true, checked: all.length, firstBrokenSeq: null })
    const { rows } = await t.sql.query<{ sealed: number; distinct: number }>(`SELECT count(*)::int AS sealed, count(DISTINCT seq)::int AS distinct FROM audit_seals`)
    expect(rows[0]).toEqual({ sealed: all.length, distinct: all.length })
  })

  it('chains a row committed after a later one in seal order, not seq order', async () => {
    const early = await t.app.pool.connect()
    try {
      await early.query('BEGIN')
      const { rows: [first] } = await early.query<{ seq: string }>(`INSERT INTO audit_log (action, entity) VALUES ('test.early', 'settings') RETURNING seq`)
      const { rows: [second] } = await t.app.pool.query<{ seq: string }>(`INSERT INTO audit_log (action, entity) VALUES ('test.late', 'settings') RETURNING seq`)
      await t.app.auditRepository.seal(true)
      await early.query('COMMIT')
      await t.app.auditRepository.seal(true)
      const { rows } = await t.sql.query<{ seq: string }>('SELECT seq FROM audit_seals WHERE seq = ANY($1) ORDER BY position', [[first!.seq, second!.seq]])
      expect(rows.map((r) => r.seq)).toEqual([second!.seq, first!.seq])
    } finally {
      early.release()
    }
    expect((await verify(t, admin)).intact).toBe(true)
  })

  it('does not fork the chain when several processes seal at the same moment', async () => {
    // Six connections as the app role stand for six API processes; half wait for each other, half give way.
    const sealers = new pg.Pool({ connectionString: t.app.pool.options.connectionString!, max: 6 })
    try {
      await t.sql.query(`INSERT INTO audit_log (action, entity, after) SELECT 'test.bulk', 'settings', jsonb_build_object('i', i) FROM generate_series(1, 600) i`)
      await Promise.all(
        Array.from({ length: 6 }, async (_, i) => {
          for (let round = 0; round < 200; round++) {
            const { rows } = await sealers.query<{ sealed: number }>('SELECT audit_log_seal(3, $1) AS sealed', [i % 2 === 0])
            if (rows[0]!.sealed === 0 && i % 2 === 0) break
          }
        }),
      )
    } finally {
      await sealers.end()
    }
    const all = await seqs(t)
    expect(await verify(t, admin)).toEqual({ intact: true, checked: all.length, firstBrokenSeq: null })
    const { rows } = await t.sql.query<{ top: string; n: number; distinct: number }>('SELECT max(position)::text AS top, count(*)::int AS n, count(DISTINCT seq)::int AS distinct FROM audit_seals')
    expect(rows[0]).toEqual({ top: String(all.length), n: all.length, distinct: all.length })
  })

  it('seals new rows on its own within a second or so', async () => {
    const { rows: [row] } = await t.app.pool.query<{ seq: string }>(`INSERT INTO audit_log (action, entity) VALUES ('test.timer', 'settings') RETURNING seq`)
    const deadline = Date.now() + 10_000
    while ((await t.sql.query('SELECT 1 FROM audit_seals WHERE seq = $1', [row!.seq])).rowCount === 0) {
      expect(Date.now()).toBeLessThan(deadline)
      await new Promise((r) => setTimeout(r, 50))
    }
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
    await behindTheBack(t, [
      `UPDATE audit_log SET after = jsonb_set(after, '{name}', '"Jemand anderes"') WHERE seq = ${victim}`,
    ])
    expect(await verify(t, admin)).toEqual({ intact: false, checked: all.length, firstBrokenSeq: victim })
    // Batches do not hide it, wherever the boundary falls.
    for (const size of [1, 2, 3, 5]) expect((await t.app.auditRepository.verifyChain(size)).firstBrokenSeq).toBe(victim)
  })

  it('is detected when the edited row was re-sealed too: at the next row, whose link no longer matches', async () => {
    const { t, admin } = await trail()
    const all = await seqs(t)
    const victim = all[all.length - 3]!
    await behindTheBack(t, [
      `UPDATE audit_log SET after = '{"forged": true}' WHERE seq = ${victim}`,
      `UPDATE audit_seals s SET hash = audit_log_hash(a.seq, a.id, a.at, a.actor_id, a.action, a.entity, a.entity_id, a.before, a.after,
                                                      (SELECT p.hash FROM audit_seals p WHERE p.position = s.position - 1))
         FROM audit_log a WHERE a.seq = s.seq AND s.seq = ${victim}`,
    ])
    expect(await verify(t, admin)).toEqual({ intact: false, checked: all.length, firstBrokenSeq: all[all.length - 2] })
  })

  it('is detected at exactly the row removed from the middle', async () => {
    const { t, admin } = await trail()
    const all = await seqs(t)
    const removed = all[all.length - 3]!
    await behindTheBack(t, [
      `DELETE FROM audit_log WHERE seq = ${removed}`,
    ])
    // Its seal is still there and names it.
    expect(await verify(t, admin)).toEqual({ intact: false, checked: all.length, firstBrokenSeq: removed })
  })

  it('is detected at the row after one removed from the middle together with its seal', async () => {
    const { t, admin } = await trail()
    const all = await seqs(t)
    const removed = all[all.length - 3]!
    await behindTheBack(t, [
      `DELETE FROM audit_log WHERE seq = ${removed}`,
      `DELETE FROM audit_seals WHERE seq = ${removed}`,
    ])
    expect(await verify(t, admin)).toEqual({ intact: false, checked: all.length - 1, firstBrokenSeq: all[all.length - 2] })
  })

  it('is detected when rows and their seals at the end were removed: at the last row the chain head remembers', async () => {
    const { t, admin } = await trail()
    const all = await seqs(t)
    await behindTheBack(t, [
      `DELETE FROM audit_log WHERE seq >= ${all[all.length - 2]}`,
      `DELETE FROM audit_seals WHERE seq >= ${all[all.length - 2]}`,
    ])
    // What is left links up, so the head is what tells.
    expect(await verify(t, admin)).toEqual({ intact: false, checked: all.length - 2, firstBrokenSeq: all[all.length - 1] })
  })

  it('is detected when a row was slipped in with the triggers off: it is never sealed', async () => {
    const { t, admin } = await trail()
    const all = await seqs(t)
    await asOwner(t, [
      'ALTER TABLE audit_log DISABLE TRIGGER audit_log_enqueue',
      `INSERT INTO audit_log (action, entity) VALUES ('user.forged', 'user')`,
      'ALTER TABLE audit_log ENABLE TRIGGER audit_log_enqueue',
    ])
    const forged = (await seqs(t)).at(-1)!
    expect(await verify(t, admin)).toEqual({ intact: false, checked: all.length, firstBrokenSeq: forged })
  })
})
