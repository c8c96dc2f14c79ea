import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REFERRAL_OUTCOMES, INQUIRY_STATUSES } from '@wohnlotse/shared'
import { bearer, buildTestApp, createUser, type TestApp, type TestUser } from './helper.ts'
import { seedDemoFrontdesk } from '../src/db/seed/demo-frontdesk.ts'
import { createAuditRepository } from '../src/plugins/app/audit/audit-repository.ts'

let t: TestApp
let frontdesk: TestUser
beforeAll(async () => {
  t = await buildTestApp()
  const coordinator = await createUser(t, 'coordinator')
  frontdesk = await createUser(t, 'frontdesk')
  await t.app.db.transaction((tx) => seedDemoFrontdesk(tx, createAuditRepository(t.app.db), { coordinatorId: coordinator.id, frontdeskId: frontdesk.id }))
})
afterAll(async () => t.close())

describe('the demo front desk', () => {
  it('has a few weeks of inquiries in every status and referrals in every outcome, some of them due', async () => {
    const inquiries = (await t.api.get('/api/inquiries?limit=200').set(bearer(frontdesk)).expect(200)).body.items
    expect(new Set(inquiries.map((i: { status: string }) => i.status))).toEqual(new Set(INQUIRY_STATUSES))
    const oldest = Math.min(...inquiries.map((i: { receivedAt: string }) => Date.parse(i.receivedAt)))
    expect(Date.now() - oldest).toBeGreaterThan(21 * 86_400_000)
    expect(inquiries.every((i: { receivedAt: string }) => Date.parse(i.receivedAt) <= Date.now())).toBe(true)

    const referrals = (await t.api.get('/api/referrals?limit=200').set(bearer(frontdesk)).expect(200)).body.items
    expect(new Set(referrals.map((r: { outcome: string }) => r.outcome))).toEqual(new Set(REFERRAL_OUTCOMES))
    expect(referrals.some((r: { groupId: string | null }) => r.groupId)).toBe(true)
    expect((await t.api.get('/api/referrals?due=true').set(bearer(frontdesk)).expect(200)).body.items.length).toBeGreaterThanOrEqual(2)

    const converted = inquiries.find((i: { status: string }) => i.status === 'converted')
    const contacts = (await t.api.get(`/api/groups/${converted.groupId}/contacts`).set(bearer(frontdesk)).expect(200)).body.items
    expect(contacts.map((c: { name: string }) => c.name)).toEqual([converted.name])
  })

  it('is clearly fictional: example.org addresses only, no phone numbers', async () => {
    const { rows } = await t.sql.query('SELECT name, contact, notes FROM inquiries')
    for (const row of rows) {
      if (row.contact) expect(row.contact).toMatch(/^[a-zäöü]+@example\.org$/)
      expect(`${row.notes} ${row.contact ?? ''}`).not.toMatch(/\d{4,}/)
    }
  })

  it('gives the eight offers placeholder contacts that are plainly invented, each change in the audit trail', async () => {
    const offers = (await t.api.get('/api/offers').set(bearer(frontdesk)).expect(200)).body.items as {
      id: string
      name: string
      contact: Record<string, string | null>
    }[]
    expect(offers).toHaveLength(8)
    const awig = offers.find((o) => o.name === 'AWIG')!
    expect(awig.contact).toEqual({
      phone: '0351 000000-11',
      email: 'awig@example.org',
      url: 'https://example.org/awig',
      address: 'Beispielweg 1, 01000 Dresden',
      openingHours: 'Demo: Mo–Do 9–16 Uhr, Fr nach Vereinbarung',
    })
    for (const offer of offers) {
      // A German subscriber number never starts with 0, and 01000 is no postcode: nobody can be reached here.
      expect(offer.contact.phone).toMatch(/^0351 000000-\d{2}$/)
      expect(offer.contact.email).toMatch(/^[a-z]+@example\.org$/)
      expect(offer.contact.url).toMatch(/^https:\/\/example\.org\/[a-z]+$/)
      expect(offer.contact.address).toMatch(/^Beispielweg \d, 01000 Dresden$/)
      expect(offer.contact.openingHours).toMatch(/^Demo: /)
      const { rows } = await t.sql.query('SELECT action, actor_id FROM audit_log WHERE entity_id = $1 ORDER BY seq', [offer.id])
      expect(rows).toEqual([
        { action: 'offer.create', actor_id: null },
        { action: 'offer.update', actor_id: null },
      ])
    }
    expect(new Set(offers.map((o) => o.contact.phone)).size).toBe(8)
  })
})
