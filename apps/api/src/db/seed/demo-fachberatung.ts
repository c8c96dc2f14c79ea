import { eq, inArray } from 'drizzle-orm'
import { addDays, type TimeEntryActivity, type TimeEntryStatus } from '@wohnlotse/shared'
import type { Tx } from '../client.ts'
import { advisorBudgets, contracts, grants, grantTopUps, groups, statements, timeEntries } from '../schema/index.ts'
import type { AuditRepository } from '../../plugins/app/audit/audit-repository.ts'
import { netCentsFor, vatCentsFor } from '../../plugins/app/fachberatung/money.ts'
import { todayInBerlin } from '../../lib/dates.ts'

interface DemoEntry {
  daysAgo: number
  minutes: number
  activity: TimeEntryActivity
  description: string
  status: TimeEntryStatus
  rejectionReason?: string
  /** Approved after its month's statement was finalised: billed this month as a Nachtrag. */
  late?: true
}

const day = (daysAgo: number) => addDays(todayInBerlin(), -daysAgo)

/**
 * Demo Fachberatung: three advisors' contracts, this year's budget, grants on the Stufe III demo groups
 * and a month of time entries in every state, last month's statement of one contract finalised and one entry of
 * that month approved afterwards (a Nachtrag on this month's statement).
 * Running totals (grant minutes, committed and spent money) are computed here exactly as the services
 * keep them, so the demo starts consistent.
 */
export async function seedDemoFachberatung(
  tx: Tx,
  audit: AuditRepository,
  staff: { coordinatorId: string; frontdeskId: string; advisorIds: string[] },
): Promise<void> {
  const today = todayInBerlin()
  const year = Number(today.slice(0, 4))
  const [miriam, paul, sabine] = staff.advisorIds as [string, string, string]

  const contractRows = await tx
    .insert(contracts)
    .values([
      { advisorId: miriam, number: `RV-${year - 1}-01`, validFrom: `${year - 1}-01-01`, validUntil: `${year}-12-31`, hourlyRateCents: 9000, vatRatePercent: 19, expertise: ['financing', 'funding', 'tax'], maxMinutes: 12_000 },
      { advisorId: paul, number: `RV-${year - 1}-02`, validFrom: `${year - 1}-01-01`, validUntil: `${year}-12-31`, hourlyRateCents: 8500, vatRatePercent: 19, expertise: ['law', 'cooperative_founding', 'legal_form'] },
      // A small business under § 19 UStG invoices without VAT.
      { advisorId: sabine, number: `RV-${year}-03`, validFrom: `${year}-01-01`, validUntil: `${year + 1}-12-31`, hourlyRateCents: 9500, vatRatePercent: 0, expertise: ['architecture', 'construction', 'konzeptverfahren'] },
    ])
    .returning()
  const [cMiriam, cPaul, cSabine] = contractRows as [typeof contractRows[number], typeof contractRows[number], typeof contractRows[number]]

  const expertGroups = await tx.select().from(groups).where(eq(groups.stage, 'expert'))
  const byName = (prefix: string) => expertGroups.find((g) => g.name.startsWith(prefix))!
  const elbwiese = byName('Genossenschaftsinitiative Elbwiese')
  const melodie = byName('Hausprojekt Pieschener Melodie')
  const loebtau = byName('Frauenwohnprojekt Löbtau')

  const plans: { groupId: string; contract: typeof cMiriam; purpose: string; minutes: number; topUp?: [number, string]; entries: DemoEntry[] }[] = [
    {
      groupId: elbwiese.id, contract: cMiriam, purpose: 'Finanzierungskonzept und Vorbereitung der Bankgespräche', minutes: 600,
      entries: [
        { daysAgo: 34, minutes: 90, activity: 'consultation', description: 'Finanzierungsplan mit dem Vorstand durchgesprochen', status: 'approved' },
        { daysAgo: 30, minutes: 60, activity: 'document_review', description: 'Kostenschätzung und Eigenkapitalliste geprüft', status: 'approved' },
        { daysAgo: 12, minutes: 120, activity: 'workshop', description: 'Workshop Genossenschaftsanteile mit allen Mitgliedern', status: 'approved' },
        { daysAgo: 3, minutes: 45, activity: 'correspondence', description: 'Rückfragen der Bank beantwortet', status: 'submitted' },
      ],
    },
    {
      groupId: elbwiese.id, contract: cPaul, purpose: 'Satzung der Genossenschaft und Prüfungsverband', minutes: 600,
      entries: [
        { daysAgo: 20, minutes: 90, activity: 'consultation', description: 'Satzungsentwurf besprochen', status: 'approved' },
        { daysAgo: 8, minutes: 60, activity: 'preparation', description: 'Unterlagen für den Prüfungsverband vorbereitet', status: 'submitted' },
        { daysAgo: 6, minutes: 30, activity: 'correspondence', description: 'Telefonat zur Terminabstimmung', status: 'rejected', rejectionReason: 'Terminabstimmung ist nicht abrechenbar' },
      ],
    },
    {
      groupId: melodie.id, contract: cMiriam, purpose: 'Direktkreditkampagne und Förderprogramme', minutes: 600, topUp: [120, 'Zusätzliches Gespräch mit der Förderbank nötig'],
      entries: [
        { daysAgo: 33, minutes: 120, activity: 'consultation', description: 'Direktkreditvertrag und Werbematerial', status: 'approved' },
        { daysAgo: 15, minutes: 75, activity: 'document_review', description: 'Förderantrag gegengelesen', status: 'approved' },
        { daysAgo: 2, minutes: 60, activity: 'consultation', description: 'Nachbereitung Gespräch Förderbank', status: 'submitted' },
        // The third-last day of last month, whose statement is finalised below: approved afterwards.
        { daysAgo: Number(today.slice(8, 10)) + 2, minutes: 45, activity: 'correspondence', description: 'Nachfragen der Förderbank beantwortet', status: 'approved', late: true },
      ],
    },
    {
      groupId: loebtau.id, contract: cSabine, purpose: 'Planung der Gemeinschaftsräume und barrierefreier Zugang', minutes: 600,
      entries: [
        { daysAgo: 25, minutes: 180, activity: 'site_visit', description: 'Ortstermin Baustelle, Zugang und Aufzug', status: 'approved' },
        { daysAgo: 10, minutes: 90, activity: 'workshop', description: 'Planungswerkstatt Gemeinschaftsraum', status: 'submitted' },
      ],
    },
  ]

  const lastMonth = (() => {
    const [y, m] = today.split('-').map(Number) as [number, number]
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
  })()

  let committedTotal = 0
  let spentTotal = 0
  const grantedByContract = new Map<string, number>()
  const grantRows: { id: string; contractId: string; entries: DemoEntry[] }[] = []
  await tx.insert(advisorBudgets).values({ year, amountCents: 6_000_000 })
  for (const plan of plans) {
    const granted = plan.minutes + (plan.topUp?.[0] ?? 0)
    const submitted = plan.entries.filter((e) => e.status === 'submitted').reduce((n, e) => n + e.minutes, 0)
    const approved = plan.entries.filter((e) => e.status === 'approved').reduce((n, e) => n + e.minutes, 0)
    const committedCents = netCentsFor(granted, plan.contract.hourlyRateCents)
    const spentCents = netCentsFor(approved, plan.contract.hourlyRateCents)
    committedTotal += committedCents
    spentTotal += spentCents
    grantedByContract.set(plan.contract.id, (grantedByContract.get(plan.contract.id) ?? 0) + granted)
    const [grant] = await tx
      .insert(grants)
      .values({
        groupId: plan.groupId, contractId: plan.contract.id, advisorId: plan.contract.advisorId, year, purpose: plan.purpose,
        grantedMinutes: granted, submittedMinutes: submitted, approvedMinutes: approved, committedCents, spentCents,
        createdBy: staff.coordinatorId, createdAt: new Date(Date.parse(`${day(40)}T09:00:00Z`)),
      })
      .returning()
    if (plan.topUp) await tx.insert(grantTopUps).values({ grantId: grant!.id, minutes: plan.topUp[0], reason: plan.topUp[1], byId: staff.coordinatorId })
    await audit.record(tx, { actorId: null, action: 'grant.create', entity: 'grant', entityId: grant!.id, after: { purpose: plan.purpose, grantedMinutes: granted } })
    grantRows.push({ id: grant!.id, contractId: plan.contract.id, entries: plan.entries })
  }
  await tx.update(advisorBudgets).set({ committedCents: committedTotal, spentCents: spentTotal }).where(eq(advisorBudgets.year, year))
  for (const [contractId, minutes] of grantedByContract) await tx.update(contracts).set({ grantedMinutes: minutes }).where(eq(contracts.id, contractId))

  const thisMonth = today.slice(0, 7)
  const billable: string[] = []
  for (const grant of grantRows) {
    const contract = contractRows.find((c) => c.id === grant.contractId)!
    for (const e of grant.entries) {
      const [row] = await tx
        .insert(timeEntries)
        .values({
          grantId: grant.id, advisorId: contract.advisorId, date: day(e.daysAgo), minutes: e.minutes, activity: e.activity, description: e.description,
          status: e.status, rejectionReason: e.rejectionReason ?? null,
          // The month whose statement bills it (migration 0018): its own, or this one for a Nachtrag.
          billingMonth: e.status !== 'approved' ? null : e.late ? thisMonth : day(e.daysAgo).slice(0, 7),
          reviewedBy: e.status === 'submitted' ? null : staff.coordinatorId, reviewedAt: e.status === 'submitted' ? null : new Date(),
        })
        .returning()
      if (contract.id === cMiriam.id && e.status === 'approved' && !e.late && day(e.daysAgo).startsWith(lastMonth)) billable.push(row!.id)
    }
  }

  // Last month's statement of the first contract is finalised: the entries worked in that month are billed.
  if (billable.length > 0) {
    const billed = await tx.select().from(timeEntries).where(inArray(timeEntries.id, billable))
    const totalMinutes = billed.reduce((n, e) => n + e.minutes, 0)
    const netCents = netCentsFor(totalMinutes, cMiriam.hourlyRateCents)
    const vatCents = vatCentsFor(netCents, cMiriam.vatRatePercent)
    const [statement] = await tx
      .insert(statements)
      .values({ contractId: cMiriam.id, month: lastMonth, totalMinutes, netCents, vatCents, grossCents: netCents + vatCents, finalizedBy: staff.coordinatorId })
      .returning()
    await tx.update(timeEntries).set({ statementId: statement!.id }).where(inArray(timeEntries.id, billable))
  }
}
