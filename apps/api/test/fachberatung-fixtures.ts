import { randomUUID } from 'node:crypto'
import { expect } from 'vitest'
import { bearer, createUser, type TestApp, type TestUser } from './helper.ts'
import { todayInBerlin } from '../src/lib/dates.ts'

export const today = () => todayInBerlin()
export const thisYear = () => Number(today().slice(0, 4))
/** A date `days` before today (Berlin), as YYYY-MM-DD. */
export const daysBefore = (days: number) => new Date(Date.parse(`${today()}T12:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10)

/** A group in Stufe III, created and moved through the API. */
export async function expertGroup(t: TestApp, coordinator: TestUser, name = `Gruppe ${randomUUID().slice(0, 6)}`): Promise<string> {
  const group = await t.api.post('/api/groups').set(bearer(coordinator)).send({ name }).expect(201)
  await t.api.post(`/api/groups/${group.body.id}/stage`).set(bearer(coordinator)).send({ to: 'expert', reason: 'Test: direkt in die Fachberatung' }).expect(200)
  return group.body.id
}

export async function contractFor(
  t: TestApp,
  coordinator: TestUser,
  advisor: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; hourlyRateCents: number }> {
  const res = await t.api
    .post('/api/contracts')
    .set(bearer(coordinator))
    .send({
      advisorId: advisor.id,
      number: `RV-${randomUUID().slice(0, 8)}`,
      validFrom: `${thisYear() - 1}-01-01`,
      validUntil: `${thisYear() + 1}-12-31`,
      hourlyRateCents: 9000,
      vatRatePercent: 19,
      expertise: ['financing'],
      ...overrides,
    })
    .expect(201)
  return res.body
}

export async function setBudget(t: TestApp, coordinator: TestUser, amountCents: number, year = thisYear()) {
  await t.api.put(`/api/advisor-budgets/${year}`).set(bearer(coordinator)).send({ amountCents }).expect(200)
}

export async function grantFor(t: TestApp, coordinator: TestUser, groupId: string, contractId: string, minutes?: number) {
  const res = await t.api
    .post(`/api/groups/${groupId}/grants`)
    .set(bearer(coordinator))
    .send({ contractId, purpose: 'Finanzierungsplan', ...(minutes ? { minutes } : {}) })
    .expect(201)
  return res.body as { id: string; grantedMinutes: number; remainingMinutes: number; committedCents: number }
}

export async function logEntry(t: TestApp, advisor: TestUser, grantId: string, minutes = 60, date = daysBefore(1)) {
  const res = await t.api.post(`/api/grants/${grantId}/time-entries`).set(bearer(advisor)).send({ date, minutes, activity: 'consultation' })
  expect(res.status).toBe(201)
  return res.body as { id: string; minutes: number; status: string }
}

/** The staff of one test file: a coordinator, two advisors and the other roles. */
export async function staff(t: TestApp) {
  return {
    coordinator: await createUser(t, 'coordinator', { name: 'Katrin Koordination' }),
    advisorA: await createUser(t, 'advisor', { name: 'Anna Finanzberatung' }),
    advisorB: await createUser(t, 'advisor', { name: 'Bernd Rechtsberatung' }),
    frontdesk: await createUser(t, 'frontdesk'),
    admin: await createUser(t, 'admin'),
  }
}

export async function budgetOf(t: TestApp, coordinator: TestUser, year = thisYear()) {
  return (await t.api.get(`/api/advisor-budgets/${year}`).set(bearer(coordinator)).expect(200)).body as {
    amountCents: number
    committedCents: number
    spentCents: number
    availableCents: number
  }
}
