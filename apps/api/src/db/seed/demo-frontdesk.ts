import { eq, inArray } from 'drizzle-orm'
import type { InquiryChannel, Language, ReferralOutcome, TargetGroup, Topic } from '@wohnlotse/shared'
import type { Tx } from '../client.ts'
import { groupContacts, groups, groupStageChanges, inquiries, offers, referrals } from '../schema/index.ts'
import type { AuditRepository } from '../../plugins/app/audit/audit-repository.ts'
import { toGroup } from '../../plugins/app/groups/groups-repository.ts'
import { todayInBerlin } from '../../lib/dates.ts'
import { addDays } from '@wohnlotse/shared'
import { seedDemoOfferContacts } from './demo-offer-contacts.ts'

interface DemoReferral {
  offer: string
  /** Days after the inquiry the referral was made. */
  after?: number
  reason: string
  consent: boolean
  /** Follow-up day relative to today: negative is overdue. */
  followUp: number
  outcome?: [Exclude<ReferralOutcome, 'pending'>, number, string]
}

interface DemoInquiry {
  daysAgo: number
  hour: number
  channel: InquiryChannel
  name?: string
  contact?: string
  topics: Topic[]
  targetGroups?: TargetGroup[]
  language?: Language
  notes: string
  referrals?: DemoReferral[]
  close?: [number, string]
  convert?: { daysAgo: number; group: string; description: string; referral?: DemoReferral }
  byCoordinator?: boolean
}

/**
 * A few weeks at the front desk, every status and outcome present. Invented first names or anonymous,
 * e-mail addresses at example.org only, no phone numbers: nobody here is real.
 */
const DEMO_INQUIRIES: DemoInquiry[] = [
  {
    daysAgo: 0, hour: 9, channel: 'email', name: 'Sabine', contact: 'sabine@example.org',
    topics: ['living_in_old_age', 'community_life'], targetGroups: ['seniors'], language: 'de',
    notes: 'Sucht für sich und zwei Freundinnen eine Hausgemeinschaft mit gegenseitiger Unterstützung.',
  },
  {
    daysAgo: 1, hour: 14, channel: 'phone',
    topics: ['orientation', 'group_building'],
    notes: 'Anonymer Anruf: Wie findet man Mitstreiter:innen für ein Wohnprojekt? Auf die Orientierungsberatung hingewiesen.',
  },
  {
    daysAgo: 2, hour: 11, channel: 'email', name: 'Karl', contact: 'karl@example.org',
    topics: ['moderation', 'community_life'],
    notes: 'Streit in einer bestehenden Hausgemeinschaft über die Nutzung des Gemeinschaftsraums.',
    referrals: [{ offer: 'bauforum dresden e.V.', reason: 'Begleitung von Hausgemeinschaften', consent: true, followUp: 12 }],
  },
  {
    daysAgo: 3, hour: 10, channel: 'walk_in', name: 'Yusuf',
    topics: ['orientation', 'tenancy'], targetGroups: ['refugees_migrants', 'families'], language: 'ar',
    notes: 'Gespräch mit Sprachmittlung. Familie sucht Wohnung und interessiert sich für ein gemeinschaftliches Projekt.',
  },
  {
    daysAgo: 4, hour: 16, channel: 'web', name: 'Henrike', contact: 'henrike@example.org',
    topics: ['cooperative_founding', 'legal_form'], targetGroups: ['multi_generation'],
    notes: 'Gruppe aus sechs Haushalten fragt, wie man eine Genossenschaft gründet.',
    referrals: [{ offer: 'WoGe Dresden eG', reason: 'Erfahrungen einer jungen Genossenschaft', consent: true, followUp: 10 }],
  },
  {
    daysAgo: 7, hour: 13, channel: 'web', name: 'Paula', contact: 'paula@example.org',
    topics: ['concept', 'architecture'], targetGroups: ['families', 'multi_generation'],
    notes: 'Möchte einen Termin zur Orientierungsberatung für ihre Gruppe.', byCoordinator: true,
  },
  {
    daysAgo: 9, hour: 10, channel: 'phone', name: 'Frank',
    topics: ['living_in_old_age'], targetGroups: ['seniors'], language: 'de',
    notes: 'Rentner, möchte im Alter nicht allein wohnen.',
    referrals: [{ offer: 'AWIG', reason: 'Beratung zum Wohnen im Alter', consent: false, followUp: 5 }],
  },
  {
    daysAgo: 12, hour: 15, channel: 'phone',
    topics: ['orientation'],
    notes: 'Allgemeine Frage zum Angebot der Koordinationsstelle.',
    close: [12, 'Am Telefon beantwortet'],
  },
  {
    daysAgo: 16, hour: 9, channel: 'email', name: 'Lea', contact: 'lea@example.org',
    topics: ['shared_flat', 'inclusive_living'], targetGroups: ['inclusive'],
    notes: 'Möchte mit ihrem Bruder (mit Assistenzbedarf) eine inklusive WG gründen.',
    referrals: [{ offer: 'Wohnsinn', reason: 'Beratung zur Gründung inklusiver Wohngemeinschaften', consent: true, followUp: -2 }],
  },
  {
    daysAgo: 22, hour: 11, channel: 'phone', name: 'Jürgen', contact: 'juergen@example.org',
    topics: ['housing_subsidy', 'funding'], targetGroups: ['low_income'],
    notes: 'Fragt nach Förderung für ein kleines Mietshaus, das die Bewohner:innen kaufen möchten.',
    referrals: [{ offer: 'Wohnungsbauförderstelle', reason: 'Fragen zur Wohnraumförderung', consent: true, followUp: -8 }],
    byCoordinator: true,
  },
  {
    daysAgo: 25, hour: 14, channel: 'walk_in', name: 'Marta', contact: 'marta@example.org',
    topics: ['group_building', 'community_life'],
    notes: 'Sucht Anschluss an eine bestehende Hausgemeinschaft.',
    referrals: [{ offer: 'bauforum dresden e.V.', reason: 'Kontakt zu Hausgemeinschaften', consent: true, followUp: -11, outcome: ['helped', 10, 'Hat sich einer Hausgemeinschaft in der Neustadt angeschlossen.'] }],
    close: [10, 'Verweis hat geholfen'],
  },
  {
    daysAgo: 28, hour: 10, channel: 'phone', name: 'Ingrid',
    topics: ['living_in_old_age', 'inclusive_living'], targetGroups: ['seniors', 'inclusive'],
    notes: 'Wohnung soll barrierearm werden, langfristig Interesse an gemeinschaftlichem Wohnen.',
    referrals: [{ offer: 'Wohnberatungsstelle', reason: 'Wohnberatung für ältere Menschen', consent: true, followUp: -14, outcome: ['contacted', 13, 'Termin bei der Wohnberatung vereinbart.'] }],
  },
  {
    daysAgo: 30, hour: 16, channel: 'email', name: 'Tobias', contact: 'tobias@example.org',
    topics: ['legal_form', 'financing'],
    notes: 'Gruppe sucht eine Rechtsform für den gemeinsamen Hauskauf.',
    referrals: [{ offer: 'Mietshäuser Syndikat', reason: 'Modell des Mietshäuser Syndikats', consent: true, followUp: -16, outcome: ['not_helped', 15, 'Gruppe möchte Wohneigentum bilden; das Syndikatsmodell passt nicht.'] }],
    close: [15, 'Gruppe plant Wohneigentum (WEG) und gehört nicht zur Zielgruppe'],
  },
  {
    daysAgo: 33, hour: 18, channel: 'event',
    topics: ['konzeptverfahren', 'property_search'],
    notes: 'Frage am Infoabend: Wann werden städtische Grundstücke im Konzeptverfahren vergeben?',
    referrals: [{ offer: 'Stadtplanungsamt', reason: 'Zuständig für Konzeptverfahren', consent: false, followUp: -19, outcome: ['unreachable', 18, 'Keine Kontaktdaten hinterlassen; Nachfrage nicht möglich.'] }],
  },
  {
    daysAgo: 35, hour: 12, channel: 'walk_in', name: 'Nadia', contact: 'nadia@example.org',
    topics: ['shared_flat', 'group_building'], targetGroups: ['young_adults'], language: 'de',
    notes: 'Fünf Freundinnen und Freunde wollen gemeinsam eine große Wohnung mieten und selbst verwalten.',
    convert: {
      daysAgo: 30,
      group: 'Wohngemeinschaft Gorbitz',
      description: 'Fünf junge Erwachsene planen eine selbstverwaltete Wohngemeinschaft.',
      referral: { offer: 'Wohnsinn', after: 25, reason: 'Erfahrungen mit der Gründung von Wohngemeinschaften', consent: true, followUp: 9 },
    },
  },
]

const HOUR = 3_600_000
/** A moment `days` ago at `hour` o'clock UTC (office hours in Dresden, give or take an hour). */
const at = (days: number, hour: number) => {
  const d = new Date(Date.now() - days * 24 * HOUR)
  d.setUTCHours(hour, 0, 0, 0)
  // Today's late hours would lie in the future.
  return d.getTime() > Date.now() ? new Date(Date.now() - HOUR) : d
}

/** Seeds demo inquiries and referrals; the eight offers already exist (migration offers_seed). */
export async function seedDemoFrontdesk(tx: Tx, audit: AuditRepository, staff: { coordinatorId: string; frontdeskId: string }): Promise<void> {
  await seedDemoOfferContacts(tx, audit)
  const today = todayInBerlin()
  const names = [...new Set(DEMO_INQUIRIES.flatMap((i) => [...(i.referrals ?? []), ...(i.convert?.referral ? [i.convert.referral] : [])].map((r) => r.offer)))]
  const offerIds = new Map((await tx.select({ id: offers.id, name: offers.name }).from(offers).where(inArray(offers.name, names))).map((o) => [o.name, o.id]))

  async function refer(subject: { inquiryId: string } | { groupId: string }, ref: DemoReferral, madeAt: Date) {
    const offerId = offerIds.get(ref.offer)
    if (!offerId) return // renamed by the office before the demo was seeded: leave it out
    const [row] = await tx
      .insert(referrals)
      .values({
        inquiryId: 'inquiryId' in subject ? subject.inquiryId : null,
        groupId: 'groupId' in subject ? subject.groupId : null,
        offerId,
        reason: ref.reason,
        consentToShare: ref.consent,
        followUpOn: addDays(today, ref.followUp),
        outcome: ref.outcome?.[0] ?? 'pending',
        outcomeNote: ref.outcome?.[2] ?? null,
        outcomeAt: ref.outcome ? at(ref.outcome[1], 10) : null,
        outcomeBy: ref.outcome ? staff.frontdeskId : null,
        createdBy: staff.frontdeskId,
        createdAt: madeAt,
        updatedAt: ref.outcome ? at(ref.outcome[1], 10) : madeAt,
      })
      .returning()
    await audit.record(tx, { actorId: null, action: 'referral.create', entity: 'referral', entityId: row!.id, after: { offerId, followUpOn: row!.followUpOn } })
  }

  for (const demo of DEMO_INQUIRIES) {
    const receivedAt = at(demo.daysAgo, demo.hour)
    const status = demo.convert ? 'converted' : demo.close ? 'closed' : demo.referrals ? 'referred' : 'open'
    const [row] = await tx
      .insert(inquiries)
      .values({
        receivedAt,
        channel: demo.channel,
        name: demo.name ?? null,
        contact: demo.contact ?? null,
        topics: demo.topics,
        targetGroups: demo.targetGroups ?? [],
        language: demo.language ?? null,
        notes: demo.notes,
        status: demo.convert ? 'open' : status,
        closeReason: demo.close?.[1] ?? null,
        closedAt: demo.close ? at(demo.close[0], 15) : null,
        createdBy: demo.byCoordinator ? staff.coordinatorId : staff.frontdeskId,
        createdAt: receivedAt,
        updatedAt: demo.close ? at(demo.close[0], 15) : receivedAt,
      })
      .returning()
    const inquiry = row!
    await audit.record(tx, { actorId: null, action: 'inquiry.create', entity: 'inquiry', entityId: inquiry.id, after: { channel: inquiry.channel, status } })
    for (const ref of demo.referrals ?? []) await refer({ inquiryId: inquiry.id }, ref, new Date(receivedAt.getTime() + (ref.after ?? 0) * 24 * HOUR + HOUR / 4))

    if (demo.convert) {
      // What POST /api/inquiries/:id/convert does: the group in Stufe I, its first stage entry, the inquirer as contact.
      const convertedAt = at(demo.convert.daysAgo, 10)
      const [created] = await tx
        .insert(groups)
        .values({
          name: demo.convert.group,
          description: demo.convert.description,
          district: 'cotta',
          targetGroups: demo.targetGroups ?? [],
          languages: demo.language ? [demo.language] : [],
          legalForm: 'none',
          createdBy: staff.frontdeskId,
          stageSince: convertedAt,
          createdAt: convertedAt,
          updatedAt: convertedAt,
        })
        .returning()
      const group = created!
      await tx.insert(groupStageChanges).values({ groupId: group.id, fromStage: null, toStage: 'orientation', at: convertedAt, byId: staff.frontdeskId })
      await tx.insert(groupContacts).values({ groupId: group.id, name: demo.name!, email: demo.contact ?? null, since: addDays(today, -demo.convert.daysAgo) })
      await tx.update(inquiries).set({ status: 'converted', groupId: group.id, convertedAt, updatedAt: convertedAt }).where(eq(inquiries.id, inquiry.id))
      await audit.record(tx, { actorId: null, action: 'group.create', entity: 'group', entityId: group.id, after: { ...toGroup(group), inquiryId: inquiry.id } })
      if (demo.convert.referral) {
        const ref = demo.convert.referral
        await refer({ groupId: group.id }, ref, new Date(convertedAt.getTime() + (ref.after ?? 0) * 24 * HOUR))
      }
    }
  }
}
