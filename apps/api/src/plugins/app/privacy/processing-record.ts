import { dataClassLabels, type DataClass, type PersonKind, type ProcessingActivity, type ProcessingRecord } from '@wohnlotse/shared'
import { PERSONAL_COLUMNS } from '../../../db/schema/data-classes.ts'
import { periodText, RETENTION_DEFINITIONS, type RetentionPeriods } from './retention-settings.ts'

/** German names of the columns, for people reading the record; a column without one shows its SQL name. */
const FIELD_NAMES: Record<string, string> = {
  'users.email': 'E-Mail-Adresse',
  'users.name': 'Name',
  'users.password_hash': 'Passwort (nur als Hash)',
  'users.mfa_secret': 'Schlüssel der Zwei-Faktor-Anmeldung (verschlüsselt)',
  'users.mfa_pending_secret': 'noch nicht bestätigter Zwei-Faktor-Schlüssel',
  'mfa_recovery_codes.code_hash': 'Wiederherstellungscodes (nur als Hash)',
  'sessions.token_hash': 'Sitzungsschlüssel (nur als Hash)',
  'sessions.user_agent': 'Browserkennung',
  'login_attempts.address': 'IP-Adresse',
  'login_attempts.account': 'eingegebene E-Mail-Adresse',
  'inquiries.name': 'Name',
  'inquiries.contact': 'Telefonnummer oder E-Mail-Adresse',
  'inquiries.notes': 'Notizen zur Anfrage',
  'inquiries.close_reason': 'Abschlussgrund',
  'referrals.reason': 'Begründung des Verweises',
  'referrals.outcome_note': 'Notiz zum Ergebnis',
  'group_contacts.name': 'Name',
  'group_contacts.email': 'E-Mail-Adresse',
  'group_contacts.phone': 'Telefonnummer',
  'group_contacts.role': 'Funktion in der Gruppe',
  'consultations.notes': 'Gesprächsnotizen',
  'groups.description': 'Beschreibung der Gruppe',
  'group_stage_changes.reason': 'Begründung eines Stufenwechsels',
  'group_status_changes.reason': 'Begründung eines Statuswechsels',
  'grants.purpose': 'Zweck eines Kontingents',
  'grant_top_ups.reason': 'Begründung einer Aufstockung',
  'time_entries.description': 'Beschreibung des Stundeneintrags',
  'time_entries.rejection_reason': 'Ablehnungsgrund',
  'privacy_restrictions.reason': 'Begründung einer Einschränkung',
  'privacy_erasures.reason': 'Begründung einer Löschung',
}

function fieldsOf(dataClass: DataClass): string[] {
  return Object.entries(PERSONAL_COLUMNS).flatMap(([table, cols]) =>
    Object.entries(cols)
      .filter(([, c]) => c === dataClass)
      .map(([column]) => FIELD_NAMES[`${table}.${column}`] ?? `${table}.${column}`),
  )
}

const category = (dataClass: DataClass) => ({ dataClass, label: dataClassLabels[dataClass].de, fields: fieldsOf(dataClass) })

const retention = (periods: RetentionPeriods, dataClass: keyof RetentionPeriods) =>
  `${dataClassLabels[dataClass].de}: ${periodText(periods[dataClass])} nach ${RETENTION_DEFINITIONS[dataClass].startsAt} — ${RETENTION_DEFINITIONS[dataClass].action}`

const ERASURE_ON_REQUEST = 'Auf Antrag (Art. 17 DSGVO) jederzeit vorher, soweit keine gesetzliche Aufbewahrungspflicht entgegensteht.'

/** The activities of the office, each with the data classes it uses. Text for the record of processing (Art. 30). */
function activities(periods: RetentionPeriods): ProcessingActivity[] {
  return [
    {
      name: 'Erstkontakt und Verweisberatung (Anlaufstelle)',
      purpose: 'Anfragen zu gemeinschaftlichem Wohnen aufnehmen, erste Orientierung geben, an bestehende Angebote verweisen und nachfragen.',
      legalBasis: 'Art. 6 Abs. 1 lit. e DSGVO (Aufgabe im öffentlichen Interesse, Förderprogramm der Stadt) und, für Weitergabe und Kontaktaufnahme, Art. 6 Abs. 1 lit. a (Einwilligung).',
      dataSubjects: ['Anfragende Personen (auch anonym möglich)'],
      dataCategories: [category('enquirer_contact'), category('free_text_notes')],
      recipients: ['Bestehende Angebote im Rahmen eines Verweises — nur mit Einwilligung der Person (Zweck „Daten dürfen an ein Angebot weitergegeben werden“)'],
      retention: [retention(periods, 'enquirer_contact'), ERASURE_ON_REQUEST],
    },
    {
      name: 'Beratung von Wohnprojektgruppen (Beratungsstufen I–III)',
      purpose: 'Gruppen auf dem Weg zum Wohnprojekt beraten, Ansprechpersonen erreichen, Gespräche dokumentieren.',
      legalBasis: 'Art. 6 Abs. 1 lit. e DSGVO; Kontaktaufnahme auf Grundlage der Einwilligung (Art. 6 Abs. 1 lit. a).',
      dataSubjects: ['Ansprechpersonen von Wohnprojektgruppen'],
      dataCategories: [category('contact_person'), category('consultation_notes'), category('free_text_notes')],
      recipients: ['Externe Fachberater:innen mit einem Kontingent für die Gruppe (nur deren Gruppen, keine internen Gesprächsnotizen)'],
      retention: [retention(periods, 'contact_person'), retention(periods, 'consultation_notes'), ERASURE_ON_REQUEST],
    },
    {
      name: 'Fachberatung: Kontingente, Stundennachweise, Abrechnung',
      purpose: 'Stunden der externen Fachberatung erfassen, freigeben und abrechnen; Verwendungsnachweis der Fördermittel.',
      legalBasis: 'Art. 6 Abs. 1 lit. b DSGVO (Rahmenvertrag) und lit. c (haushaltsrechtliche Aufbewahrungspflichten).',
      dataSubjects: ['Externe Fachberater:innen'],
      dataCategories: [category('billing_record'), category('staff_account')],
      recipients: ['Stadtverwaltung (Controlling): nur zusammengefasste Zahlen ohne Namen'],
      retention: [retention(periods, 'billing_record')],
    },
    {
      name: 'Benutzerkonten und Anmeldung',
      purpose: 'Zugang zur Anwendung, Schutz vor unbefugtem Zugriff, Nachvollziehbarkeit von Änderungen.',
      legalBasis: 'Art. 6 Abs. 1 lit. b und c DSGVO, Art. 32 DSGVO (Sicherheit der Verarbeitung).',
      dataSubjects: ['Mitarbeitende der Koordinationsstelle', 'Externe Fachberater:innen'],
      dataCategories: [category('staff_account'), category('sign_in_traces')],
      recipients: ['keine'],
      retention: [
        retention(periods, 'sign_in_traces'),
        'Benutzerkonten: bis zur Löschung auf Antrag; ein Konto mit laufendem Kontingent oder nicht abgerechneten Stunden wird erst danach gelöscht.',
      ],
    },
  ]
}

const TECHNICAL_MEASURES = [
  'Rollen mit geringsten Rechten (Koordination, Anlaufstelle, Fachberatung, Administration, Stadt); Administration sieht keine Falldaten, Fachberatung nur die eigenen Gruppen.',
  'Passwörter nur als Argon2id-Hash; Mindestlänge 12 Zeichen, gängige Passwörter werden abgelehnt; Anmeldeversuche werden in der Datenbank gedrosselt.',
  'Zwei-Faktor-Anmeldung (TOTP) für Mitarbeitende, für Administration und Koordination verpflichtend einstellbar; Schlüssel verschlüsselt gespeichert.',
  'Kurzlebige Zugangstoken, an die Sitzung gebunden; Sitzungen sind einsehbar und beendbar.',
  'Änderungsprotokoll nur anhängend und als Hash-Kette manipulationssicher prüfbar; es enthält keine personenbezogenen Werte, nur welche Felder sich geändert haben.',
  'Datenbankzugang der Anwendung ohne Eigentümer- und Superuser-Rechte; Protokoll, Abrechnungen und abgerechnete Stunden sind in der Datenbank gegen Änderung gesperrt.',
  'Einschränkung der Verarbeitung (Art. 18): eingeschränkte Personen sind nur für die Koordination sichtbar.',
  'Automatische Anwendung der Löschfristen täglich, mit Protokoll der Läufe (nur Anzahlen).',
  'Transportverschlüsselung (TLS) durch einen vorgeschalteten Reverse-Proxy; keine Zwischenspeicherung von API-Antworten; Logs ohne Inhalte, Adressen oder Parameter.',
  'Verschlüsselung der Datenträger und Sicherungen (encryption at rest) obliegt dem Betrieb der Datenbank.',
]

export function processingRecord(periods: RetentionPeriods): ProcessingRecord {
  return {
    generatedAt: new Date().toISOString(),
    controller: 'Landeshauptstadt Dresden, Koordinationsstelle Gemeinschaftliches Wohnen (Angaben zu Verantwortlichen und Datenschutzbeauftragten ergänzt der Betrieb)',
    activities: activities(periods),
    technicalMeasures: TECHNICAL_MEASURES,
    transfersToThirdCountries: 'Keine Übermittlung in Drittländer.',
  }
}

/** Art. 15 (1): purposes, recipients, storage period, source and rights, for one kind of person. German. */
export function informationText(kind: PersonKind, periods: RetentionPeriods): { heading: string; text: string }[] {
  const activity = activities(periods)[kind === 'inquiry' ? 0 : kind === 'contact' ? 1 : 3]!
  return [
    { heading: 'Zweck der Verarbeitung', text: activity.purpose },
    { heading: 'Rechtsgrundlage', text: activity.legalBasis },
    { heading: 'Empfänger', text: activity.recipients.join('; ') },
    { heading: 'Speicherdauer', text: activity.retention.join(' ') },
    {
      heading: 'Herkunft der Daten',
      text: kind === 'user' ? 'Von der Administration beim Anlegen des Kontos und aus der Nutzung der Anwendung.' : 'Von Ihnen selbst bzw. von Ihrer Wohnprojektgruppe im Kontakt mit der Koordinationsstelle.',
    },
    {
      heading: 'Ihre Rechte',
      text: 'Berichtigung (Art. 16), Löschung (Art. 17), Einschränkung der Verarbeitung (Art. 18), Widerspruch (Art. 21), Widerruf einer Einwilligung mit Wirkung für die Zukunft, Beschwerde bei der Aufsichtsbehörde (Sächsische Datenschutz- und Transparenzbeauftragte).',
    },
    { heading: 'Automatisierte Entscheidungen', text: 'Es finden keine automatisierten Entscheidungen oder Profiling statt.' },
  ]
}
