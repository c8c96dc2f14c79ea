import {
  addDays,
  stageChangeNeedsReason,
  todayInBerlin,
  type ConsultationChannel,
  type District,
  type GroupStatus,
  type LegalForm,
  type Lifecycle,
  type Stage,
  type TargetGroup,
  type Topic,
} from '@wohnlotse/shared'
import type { Tx } from '../client.ts'
import { consultations, groupContacts, groups, groupStageChanges, groupStatusChanges } from '../schema/index.ts'
import type { AuditRepository } from '../../plugins/app/audit/audit-repository.ts'
import { toGroup } from '../../plugins/app/groups/groups-repository.ts'

interface DemoGroup {
  name: string
  description: string
  district: District
  targetGroups: TargetGroup[]
  legalForm: LegalForm
  plannedHomes?: number
  lifecycle: Lifecycle
  /** Stages reached, with days ago; the first is always orientation. */
  path: [Stage, number][]
  status?: [GroupStatus, string]
  contacts?: { name: string; role: string; email?: string }[]
  talks?: { daysAgo: number; minutes: number; channel: ConsultationChannel; topics: Topic[]; notes: string }[]
}

/** Invented groups and people: any likeness to a real project is accidental. No phone numbers, no addresses. */
const DEMO_GROUPS: DemoGroup[] = [
  {
    name: 'Wohnhof Hechtviertel',
    description: 'Zwölf Haushalte, Familien und Ältere, suchen ein Haus mit Hof zur gemeinsamen Sanierung.',
    district: 'neustadt', targetGroups: ['families', 'multi_generation'], legalForm: 'verein', plannedHomes: 12, lifecycle: 'planning',
    path: [['orientation', 240], ['concept', 150]],
    contacts: [{ name: 'Lena Hartmann', role: 'Sprecherin', email: 'lena.hartmann@example.org' }],
    talks: [
      { daysAgo: 235, minutes: 60, channel: 'in_person', topics: ['orientation', 'group_building'], notes: 'Erstgespräch mit drei Gründungsmitgliedern. Gruppe noch im Aufbau.' },
      { daysAgo: 140, minutes: 90, channel: 'in_person', topics: ['concept', 'legal_form'], notes: 'Rechtsform diskutiert: Verein als Übergang, später eG denkbar.' },
      { daysAgo: 30, minutes: 45, channel: 'video', topics: ['financing'], notes: 'Eigenkapitalplanung angefangen; Bedarf an Fachberatung Finanzierung absehbar.' },
    ],
  },
  {
    name: 'Gemeinsam älter werden in Loschwitz',
    description: 'Ältere Menschen aus dem Stadtteil möchten in Hausgemeinschaft mit gegenseitiger Unterstützung wohnen.',
    district: 'loschwitz', targetGroups: ['seniors'], legalForm: 'none', lifecycle: 'initiative',
    path: [['orientation', 40]],
    contacts: [{ name: 'Gerhard Winkler', role: 'Ansprechpartner' }],
    talks: [{ daysAgo: 38, minutes: 45, channel: 'phone', topics: ['orientation', 'living_in_old_age'], notes: 'Hinweis auf Wohnberatung für Ältere gegeben.' }],
  },
  {
    name: 'Genossenschaftsinitiative Elbwiese',
    description: 'Junge Genossenschaft in Gründung, Neubau für rund 30 Wohnungen im Konzeptverfahren geplant.',
    district: 'pieschen', targetGroups: ['multi_generation', 'families', 'low_income'], legalForm: 'eg', plannedHomes: 30, lifecycle: 'planning',
    path: [['orientation', 400], ['concept', 300], ['expert', 90]],
    contacts: [
      { name: 'Jonas Richter', role: 'Vorstand', email: 'vorstand@example.org' },
      { name: 'Aylin Demir', role: 'Finanzen' },
    ],
    talks: [
      { daysAgo: 395, minutes: 60, channel: 'event', topics: ['orientation', 'cooperative_founding'], notes: 'Kontakt beim Infoabend.' },
      { daysAgo: 280, minutes: 120, channel: 'in_person', topics: ['concept', 'konzeptverfahren'], notes: 'Konzept für die Bewerbung im Konzeptverfahren besprochen.' },
      { daysAgo: 85, minutes: 60, channel: 'in_person', topics: ['cooperative_founding', 'law'], notes: 'Fachberatung zur Satzung vereinbart.' },
    ],
  },
  {
    name: 'Hausprojekt Pieschener Melodie',
    description: 'Hausgruppe im Verbund des Mietshäuser Syndikats, Altbau mit acht Wohnungen.',
    district: 'pieschen', targetGroups: ['young_adults', 'creative'], legalForm: 'gmbh_syndikat', plannedHomes: 8, lifecycle: 'planning',
    path: [['orientation', 320], ['concept', 260], ['expert', 60]],
    contacts: [{ name: 'Mara Fuchs', role: 'Hausverein' }],
    talks: [{ daysAgo: 55, minutes: 90, channel: 'in_person', topics: ['financing', 'funding'], notes: 'Direktkreditkampagne vorbereitet, Förderprogramme geprüft.' }],
  },
  {
    name: 'Inklusive WG Striesen',
    description: 'Wohngemeinschaft für Menschen mit und ohne Behinderung, Unterstützung durch Angehörige.',
    district: 'blasewitz', targetGroups: ['inclusive'], legalForm: 'verein', plannedHomes: 1, lifecycle: 'initiative',
    path: [['orientation', 180], ['concept', 70]],
    talks: [{ daysAgo: 65, minutes: 75, channel: 'in_person', topics: ['inclusive_living', 'shared_flat'], notes: 'Pflege- und Assistenzmodell besprochen.' }],
  },
  {
    name: 'Mehrgenerationenhaus Leuben',
    description: 'Nachbarinnen und Nachbarn verschiedener Generationen suchen ein gemeinsames Haus.',
    district: 'leuben', targetGroups: ['multi_generation'], legalForm: 'none', lifecycle: 'initiative',
    path: [['orientation', 20]],
    talks: [{ daysAgo: 18, minutes: 30, channel: 'email', topics: ['orientation'], notes: 'Infomaterial zur Gruppenfindung verschickt.' }],
  },
  {
    name: 'Studentisches Wohnprojekt Südvorstadt',
    description: 'Studierende wollen ein selbstverwaltetes Wohnheim gründen.',
    district: 'plauen', targetGroups: ['students', 'young_adults'], legalForm: 'none', lifecycle: 'initiative',
    path: [['orientation', 12]],
  },
  {
    name: 'Baugemeinschaft Cottaer Gärten',
    description: 'Familien planen gemeinsam ein Mehrfamilienhaus mit Gemeinschaftsgarten.',
    district: 'cotta', targetGroups: ['families'], legalForm: 'gbr', plannedHomes: 9, lifecycle: 'planning',
    path: [['orientation', 300], ['concept', 200]],
    status: ['paused', 'Grundstückssuche ruht bis zum Frühjahr'],
  },
  {
    name: 'Wohnen am Prohliser Park',
    description: 'Mieterinnen und Mieter, denen nach einer Sanierung Verdrängung droht, prüfen ein gemeinsames Projekt.',
    district: 'prohlis', targetGroups: ['displacement_risk', 'low_income'], legalForm: 'none', lifecycle: 'initiative',
    path: [['orientation', 60]],
    talks: [{ daysAgo: 58, minutes: 60, channel: 'in_person', topics: ['tenancy', 'orientation'], notes: 'Verweis auf Mietrechtsberatung besprochen.' }],
  },
  {
    name: 'Frauenwohnprojekt Löbtau',
    description: 'Frauen in der zweiten Lebenshälfte planen ein Wohnprojekt mit Gemeinschaftsraum.',
    district: 'cotta', targetGroups: ['women', 'seniors'], legalForm: 'eg', plannedHomes: 14, lifecycle: 'construction',
    path: [['orientation', 700], ['concept', 560], ['expert', 300]],
    contacts: [{ name: 'Ruth Neumann', role: 'Vorstand' }],
  },
  {
    name: 'Kulturhaus Friedrichstadt',
    description: 'Wohnen und Arbeiten für Kulturschaffende in einem ehemaligen Gewerbehof.',
    district: 'altstadt', targetGroups: ['creative'], legalForm: 'verein', plannedHomes: 10, lifecycle: 'planning',
    path: [['orientation', 210], ['concept', 100]],
  },
  {
    name: 'Ökodorf Schönfelder Hochland',
    description: 'Ökologisch orientierte Gruppe sucht Hofstelle im ländlichen Raum der Stadt.',
    district: 'schoenfeld_weissig', targetGroups: ['ecological', 'families'], legalForm: 'none', lifecycle: 'initiative',
    path: [['orientation', 90]],
  },
  {
    name: 'Hofgemeinschaft Klotzsche',
    description: 'Gruppe hat sich nach gescheitertem Kauf aufgelöst.',
    district: 'klotzsche', targetGroups: ['families'], legalForm: 'gbr', lifecycle: 'abandoned',
    path: [['orientation', 500], ['concept', 420]],
    status: ['closed', 'Gruppe hat sich nach dem gescheiterten Kauf aufgelöst'],
  },
  {
    name: 'Nachbarschaftshaus Johannstadt',
    description: 'Geflüchtete und Alteingesessene möchten gemeinsam ein Haus mit Begegnungsraum betreiben.',
    district: 'altstadt', targetGroups: ['refugees_migrants', 'multi_generation'], legalForm: 'none', lifecycle: 'initiative',
    path: [['orientation', 25]],
    talks: [{ daysAgo: 24, minutes: 60, channel: 'in_person', topics: ['orientation', 'community_life'], notes: 'Gespräch mit Sprachmittlung (Arabisch).' }],
  },
  {
    name: 'Queer Wohnen Neustadt',
    description: 'Queere Menschen jeden Alters planen ein Hausprojekt mit Schutzraum-Charakter.',
    district: 'neustadt', targetGroups: ['lgbtiq', 'multi_generation'], legalForm: 'verein', plannedHomes: 16, lifecycle: 'planning',
    path: [['orientation', 160], ['concept', 45]],
  },
]

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000)
const isoDay = (days: number) => addDays(todayInBerlin(), -days)

/** Seeds the demo groups with stage history, contacts and consultations. */
export async function seedDemoGroups(tx: Tx, audit: AuditRepository, staff: { coordinatorId: string; frontdeskId: string }): Promise<void> {
  for (const demo of DEMO_GROUPS) {
    const [, createdDaysAgo] = demo.path[0]!
    const [stage, stageDaysAgo] = demo.path[demo.path.length - 1]!
    const [row] = await tx
      .insert(groups)
      .values({
        name: demo.name,
        description: demo.description,
        district: demo.district,
        targetGroups: demo.targetGroups,
        languages: demo.targetGroups.includes('refugees_migrants') ? ['de', 'ar'] : ['de'],
        legalForm: demo.legalForm,
        plannedHomes: demo.plannedHomes ?? null,
        lifecycle: demo.lifecycle,
        stage,
        stageSince: daysAgo(stageDaysAgo),
        status: demo.status?.[0] ?? 'active',
        createdBy: staff.frontdeskId,
        createdAt: daysAgo(createdDaysAgo),
        updatedAt: daysAgo(Math.min(stageDaysAgo, ...(demo.talks ?? []).map((t) => t.daysAgo))),
      })
      .returning()
    const group = row!
    let previous: Stage | null = null
    for (const [to, ago] of demo.path) {
      await tx.insert(groupStageChanges).values({
        groupId: group.id,
        fromStage: previous,
        toStage: to,
        at: daysAgo(ago),
        byId: previous === null ? staff.frontdeskId : staff.coordinatorId,
        reason: previous !== null && stageChangeNeedsReason(previous, to) ? 'Konzept lag bereits vor' : null,
      })
      previous = to
    }
    if (demo.status) {
      await tx.insert(groupStatusChanges).values({
        groupId: group.id, fromStatus: 'active', toStatus: demo.status[0], at: daysAgo(5), byId: staff.coordinatorId, reason: demo.status[1],
        closeReason: demo.status[0] === 'closed' ? 'dissolved' : null,
      })
    }
    for (const [i, contact] of (demo.contacts ?? []).entries()) {
      await tx.insert(groupContacts).values({
        groupId: group.id, name: contact.name, role: contact.role, email: contact.email ?? null, since: isoDay(createdDaysAgo - i * 10), consentAt: isoDay(createdDaysAgo - i * 10),
      })
    }
    for (const talk of demo.talks ?? []) {
      const stageThen = [...demo.path].reverse().find(([, ago]) => ago >= talk.daysAgo)?.[0] ?? 'orientation'
      await tx.insert(consultations).values({
        groupId: group.id, date: isoDay(talk.daysAgo), minutes: talk.minutes, channel: talk.channel, language: 'de', topics: talk.topics, notes: talk.notes,
        stage: stageThen, byId: stageThen === 'orientation' ? staff.frontdeskId : staff.coordinatorId, createdAt: daysAgo(talk.daysAgo),
      })
    }
    await audit.record(tx, { actorId: null, action: 'group.create', entity: 'group', entityId: group.id, after: toGroup(group) })
  }
}
