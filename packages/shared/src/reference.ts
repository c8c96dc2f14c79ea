import Type, { type Static } from 'typebox'
import type { Label, Labels } from './labels.ts'

/**
 * Reference data: closed lists with German and English labels. The API validates against them and
 * serves them at GET /api/reference; the SPA renders the labels.
 */

/** Dresden's ten Stadtbezirke and nine Ortschaften (Ortschaftsverfassung since 2018). */
export const DISTRICTS = [
  'altstadt', 'neustadt', 'pieschen', 'klotzsche', 'loschwitz', 'blasewitz', 'leuben', 'prohlis', 'plauen', 'cotta',
  'altfranken', 'cossebaude', 'gompitz', 'langebrueck', 'mobschatz', 'oberwartha', 'schoenborn', 'schoenfeld_weissig', 'weixdorf',
] as const
export type District = (typeof DISTRICTS)[number]
export const districtLabels = {
  altstadt: { de: 'Altstadt', en: 'Altstadt' },
  neustadt: { de: 'Neustadt', en: 'Neustadt' },
  pieschen: { de: 'Pieschen', en: 'Pieschen' },
  klotzsche: { de: 'Klotzsche', en: 'Klotzsche' },
  loschwitz: { de: 'Loschwitz', en: 'Loschwitz' },
  blasewitz: { de: 'Blasewitz', en: 'Blasewitz' },
  leuben: { de: 'Leuben', en: 'Leuben' },
  prohlis: { de: 'Prohlis', en: 'Prohlis' },
  plauen: { de: 'Plauen', en: 'Plauen' },
  cotta: { de: 'Cotta', en: 'Cotta' },
  altfranken: { de: 'Altfranken (Ortschaft)', en: 'Altfranken (locality)' },
  cossebaude: { de: 'Cossebaude (Ortschaft)', en: 'Cossebaude (locality)' },
  gompitz: { de: 'Gompitz (Ortschaft)', en: 'Gompitz (locality)' },
  langebrueck: { de: 'Langebrück (Ortschaft)', en: 'Langebrück (locality)' },
  mobschatz: { de: 'Mobschatz (Ortschaft)', en: 'Mobschatz (locality)' },
  oberwartha: { de: 'Oberwartha (Ortschaft)', en: 'Oberwartha (locality)' },
  schoenborn: { de: 'Schönborn (Ortschaft)', en: 'Schönborn (locality)' },
  schoenfeld_weissig: { de: 'Schönfeld-Weißig (Ortschaft)', en: 'Schönfeld-Weißig (locality)' },
  weixdorf: { de: 'Weixdorf (Ortschaft)', en: 'Weixdorf (locality)' },
} satisfies Labels<District>
/** Which districts are Stadtbezirke; the rest are Ortschaften. */
export const CITY_DISTRICTS: readonly District[] = DISTRICTS.slice(0, 10)

export const TARGET_GROUPS = [
  'seniors', 'families', 'single_parents', 'young_adults', 'students', 'multi_generation', 'inclusive',
  'displacement_risk', 'low_income', 'refugees_migrants', 'women', 'lgbtiq', 'creative', 'ecological',
] as const
export type TargetGroup = (typeof TARGET_GROUPS)[number]
export const targetGroupLabels = {
  seniors: { de: 'Ältere Menschen', en: 'Older people' },
  families: { de: 'Familien mit Kindern', en: 'Families with children' },
  single_parents: { de: 'Alleinerziehende', en: 'Single parents' },
  young_adults: { de: 'Junge Erwachsene', en: 'Young adults' },
  students: { de: 'Studierende und Auszubildende', en: 'Students and trainees' },
  multi_generation: { de: 'Mehrgenerationenwohnen', en: 'Multi-generation living' },
  inclusive: { de: 'Inklusives Wohnen (mit und ohne Behinderung)', en: 'Inclusive living (with and without disabilities)' },
  displacement_risk: { de: 'Von Verdrängung bedrohte Menschen', en: 'People at risk of displacement' },
  low_income: { de: 'Menschen mit geringem Einkommen', en: 'People on low incomes' },
  refugees_migrants: { de: 'Geflüchtete und Zugewanderte', en: 'Refugees and migrants' },
  women: { de: 'Frauenwohnprojekte', en: "Women's housing projects" },
  lgbtiq: { de: 'Queeres Wohnen', en: 'Queer living' },
  creative: { de: 'Kreative und Kulturschaffende', en: 'Creative professions' },
  ecological: { de: 'Ökologisch orientiertes Wohnen', en: 'Ecologically minded living' },
} satisfies Labels<TargetGroup>

/** Legal forms of a project. Ownership-oriented WEGs are not the programme's target and are not offered. */
export const LEGAL_FORMS = ['none', 'verein', 'eg', 'gmbh_syndikat', 'gbr', 'other'] as const
export type LegalForm = (typeof LEGAL_FORMS)[number]
export const legalFormLabels = {
  none: { de: 'Noch keine', en: 'None yet' },
  verein: { de: 'Verein (e. V.)', en: 'Registered association (e. V.)' },
  eg: { de: 'Genossenschaft (eG)', en: 'Cooperative (eG)' },
  gmbh_syndikat: { de: 'GmbH im Mietshäuser Syndikat', en: 'GmbH in the Mietshäuser Syndikat' },
  gbr: { de: 'GbR', en: 'Civil-law partnership (GbR)' },
  other: { de: 'Andere', en: 'Other' },
} satisfies Labels<LegalForm>

/** Advice topics, shared by consultations, enquiries, offers and advisors' fields of expertise. */
export const TOPICS = [
  'orientation', 'group_building', 'moderation', 'concept', 'legal_form', 'cooperative_founding', 'financing',
  'funding', 'property_search', 'konzeptverfahren', 'architecture', 'construction', 'law', 'tax',
  'shared_flat', 'inclusive_living', 'living_in_old_age', 'housing_subsidy', 'tenancy', 'community_life',
] as const
export type Topic = (typeof TOPICS)[number]
export const topicLabels = {
  orientation: { de: 'Erste Orientierung', en: 'First orientation' },
  group_building: { de: 'Gruppenfindung', en: 'Forming a group' },
  moderation: { de: 'Moderation und Konflikte', en: 'Moderation and conflicts' },
  concept: { de: 'Projektkonzept', en: 'Project concept' },
  legal_form: { de: 'Rechtsform', en: 'Legal form' },
  cooperative_founding: { de: 'Genossenschaftsgründung', en: 'Founding a cooperative' },
  financing: { de: 'Finanzierung', en: 'Financing' },
  funding: { de: 'Fördermittel', en: 'Public funding' },
  property_search: { de: 'Grundstücks- und Objektsuche', en: 'Finding a site or building' },
  konzeptverfahren: { de: 'Konzeptverfahren', en: 'Concept-based plot allocation' },
  architecture: { de: 'Architektur und Planung', en: 'Architecture and planning' },
  construction: { de: 'Bau und Sanierung', en: 'Building and refurbishment' },
  law: { de: 'Recht und Verträge', en: 'Law and contracts' },
  tax: { de: 'Steuern', en: 'Tax' },
  shared_flat: { de: 'Wohngemeinschaft gründen', en: 'Founding a shared flat' },
  inclusive_living: { de: 'Inklusives Wohnen', en: 'Inclusive living' },
  living_in_old_age: { de: 'Wohnen im Alter', en: 'Living in old age' },
  housing_subsidy: { de: 'Wohnraumförderung', en: 'Housing subsidy' },
  tenancy: { de: 'Mietrecht und Wohnungssuche', en: 'Tenancy and flat hunting' },
  community_life: { de: 'Zusammenleben und Nachbarschaft', en: 'Community life and neighbourhood' },
} satisfies Labels<Topic>

/** Languages of advice (ISO 639 codes; `sgn` for German Sign Language). */
export const LANGUAGES = ['de', 'en', 'ar', 'cs', 'es', 'fa', 'fr', 'pl', 'ru', 'tr', 'uk', 'vi', 'sgn'] as const
export type Language = (typeof LANGUAGES)[number]
export const languageLabels = {
  de: { de: 'Deutsch', en: 'German' },
  en: { de: 'Englisch', en: 'English' },
  ar: { de: 'Arabisch', en: 'Arabic' },
  cs: { de: 'Tschechisch', en: 'Czech' },
  es: { de: 'Spanisch', en: 'Spanish' },
  fa: { de: 'Persisch', en: 'Persian' },
  fr: { de: 'Französisch', en: 'French' },
  pl: { de: 'Polnisch', en: 'Polish' },
  ru: { de: 'Russisch', en: 'Russian' },
  tr: { de: 'Türkisch', en: 'Turkish' },
  uk: { de: 'Ukrainisch', en: 'Ukrainian' },
  vi: { de: 'Vietnamesisch', en: 'Vietnamese' },
  sgn: { de: 'Deutsche Gebärdensprache', en: 'German Sign Language' },
} satisfies Labels<Language>

export const LIFECYCLES = ['initiative', 'planning', 'construction', 'realised', 'abandoned'] as const
export type Lifecycle = (typeof LIFECYCLES)[number]
export const lifecycleLabels = {
  initiative: { de: 'Initiative', en: 'Initiative' },
  planning: { de: 'Planung', en: 'Planning' },
  construction: { de: 'Bau', en: 'Construction' },
  realised: { de: 'Umgesetzt', en: 'Realised' },
  abandoned: { de: 'Aufgegeben', en: 'Abandoned' },
} satisfies Labels<Lifecycle>

/** The advice ladder, in order. */
export const STAGES = ['orientation', 'concept', 'expert'] as const
export type Stage = (typeof STAGES)[number]
export const stageLabels = {
  orientation: { de: 'Stufe I – Orientierungsberatung', en: 'Stage I – Orientation' },
  concept: { de: 'Stufe II – Konzeptberatung', en: 'Stage II – Concept advice' },
  expert: { de: 'Stufe III – Fachberatung', en: 'Stage III – Expert advice' },
} satisfies Labels<Stage>

export const GROUP_STATUSES = ['active', 'paused', 'closed'] as const
export type GroupStatus = (typeof GROUP_STATUSES)[number]
export const groupStatusLabels = {
  active: { de: 'Aktiv', en: 'Active' },
  paused: { de: 'Pausiert', en: 'Paused' },
  closed: { de: 'Abgeschlossen', en: 'Closed' },
} satisfies Labels<GroupStatus>

/**
 * Why a group's advice was closed, as a fixed code beside the free-text reason, so the council report can count
 * closings by cause. "Realised" and "dissolved" mirror the lifecycle's ends; the others are the office's usual
 * reasons to stop advising a group that still exists.
 */
export const CLOSE_REASONS = ['realised', 'dissolved', 'joined_other_project', 'no_contact', 'out_of_scope', 'other'] as const
export type CloseReason = (typeof CLOSE_REASONS)[number]
export const closeReasonLabels = {
  realised: { de: 'Projekt verwirklicht', en: 'Project realised' },
  dissolved: { de: 'Gruppe aufgelöst', en: 'Group dissolved' },
  joined_other_project: { de: 'In einem anderen Projekt aufgegangen', en: 'Joined another project' },
  no_contact: { de: 'Kein Kontakt mehr', en: 'No longer in contact' },
  out_of_scope: { de: 'Nicht im Förderrahmen (z. B. Eigentümergemeinschaft)', en: 'Outside the programme (e.g. owners’ association)' },
  other: { de: 'Sonstiger Grund', en: 'Other reason' },
} satisfies Labels<CloseReason>

export const CONSULTATION_CHANNELS = ['in_person', 'phone', 'video', 'email', 'event'] as const
export type ConsultationChannel = (typeof CONSULTATION_CHANNELS)[number]
export const consultationChannelLabels = {
  in_person: { de: 'Persönlich', en: 'In person' },
  phone: { de: 'Telefon', en: 'Phone' },
  video: { de: 'Video', en: 'Video' },
  email: { de: 'E-Mail', en: 'E-mail' },
  event: { de: 'Veranstaltung', en: 'Event' },
} satisfies Labels<ConsultationChannel>

const entry = Type.Object({ value: Type.String(), label: Type.Object({ de: Type.String(), en: Type.String() }) })
const list = Type.Array(entry)

export const ReferenceData = Type.Object({
  districts: Type.Array(Type.Object({ value: Type.String(), label: Type.Object({ de: Type.String(), en: Type.String() }), kind: Type.Enum(['stadtbezirk', 'ortschaft']) })),
  targetGroups: list,
  legalForms: list,
  topics: list,
  languages: list,
  lifecycles: list,
  stages: list,
  groupStatuses: list,
  consultationChannels: list,
})
export type ReferenceData = Static<typeof ReferenceData>

const toList = <T extends string>(values: readonly T[], labels: Labels<T>): { value: T; label: Label }[] =>
  values.map((value) => ({ value, label: labels[value] }))

/** Reference data as served by the API, in the order the UI shows it. */
export const referenceData: ReferenceData = {
  districts: DISTRICTS.map((value) => ({
    value,
    label: districtLabels[value],
    kind: CITY_DISTRICTS.includes(value) ? ('stadtbezirk' as const) : ('ortschaft' as const),
  })),
  targetGroups: toList(TARGET_GROUPS, targetGroupLabels),
  legalForms: toList(LEGAL_FORMS, legalFormLabels),
  topics: toList(TOPICS, topicLabels),
  languages: toList(LANGUAGES, languageLabels),
  lifecycles: toList(LIFECYCLES, lifecycleLabels),
  stages: toList(STAGES, stageLabels),
  groupStatuses: toList(GROUP_STATUSES, groupStatusLabels),
  consultationChannels: toList(CONSULTATION_CHANNELS, consultationChannelLabels),
}
