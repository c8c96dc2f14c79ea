import { sql } from 'drizzle-orm'
import { RETENTION_CLASSES, type RetentionClass, type RetentionSetting, type RetentionUnit } from '@wohnlotse/shared'
import type { Executor } from '../../../db/client.ts'
import { toIso } from './text-match.ts'

interface RetentionDefinition {
  unit: RetentionUnit
  defaultPeriod: number
  startsAt: string
  action: string
}

/** Defaults and meaning of each retention class; the periods themselves are the coordinators' setting. */
export const RETENTION_DEFINITIONS: Readonly<Record<RetentionClass, RetentionDefinition>> = {
  enquirer_contact: {
    unit: 'months',
    defaultPeriod: 6,
    startsAt: 'Abschluss der Anfrage (oder Anlegen einer Gruppe aus ihr)',
    action: 'Name, Kontaktangabe und Notizen der Anfrage und die Freitexte ihrer Verweise werden gelöscht; die Anfrage bleibt anonym für die Statistik.',
  },
  contact_person: {
    unit: 'months',
    defaultPeriod: 24,
    startsAt: 'Abschluss der Gruppe',
    action: 'Die Ansprechpersonen der Gruppe und Erwähnungen von ihnen in den Freitexten der Gruppe werden gelöscht; die Gruppe bleibt.',
  },
  consultation_notes: {
    unit: 'months',
    defaultPeriod: 36,
    startsAt: 'Datum des Beratungsgesprächs',
    action: 'Die Notiz wird gelöscht; Datum, Dauer, Kanal, Stufe und Themen bleiben.',
  },
  billing_record: {
    unit: 'months',
    defaultPeriod: 120,
    startsAt: 'Datum des Stundeneintrags',
    action: 'Beschreibung und Ablehnungsgrund des Stundeneintrags werden gelöscht; Stunden, Beträge und Abrechnungen bleiben (sie enthalten keine Daten von Ratsuchenden).',
  },
  sign_in_traces: {
    unit: 'days',
    defaultPeriod: 30,
    startsAt: 'Anmeldeversuch bzw. Ende der Sitzung',
    action: 'Anmeldeversuche und beendete Sitzungen werden gelöscht.',
  },
}

export type RetentionPeriods = Record<RetentionClass, { period: number; unit: RetentionUnit }>

export function createRetentionSettings() {
  return {
    async list(tx: Executor): Promise<RetentionSetting[]> {
      const { rows } = await tx.execute<Record<string, unknown>>(sql`SELECT s.data_class, s.period, s.updated_at, u.id AS by_id, u.name AS by_name
        FROM privacy_retention_settings s LEFT JOIN users u ON u.id = s.updated_by`)
      const stored = new Map(rows.map((r) => [r.data_class as string, r]))
      return RETENTION_CLASSES.map((dataClass) => {
        const def = RETENTION_DEFINITIONS[dataClass]
        const r = stored.get(dataClass)
        return {
          dataClass,
          period: r ? Number(r.period) : def.defaultPeriod,
          unit: def.unit,
          startsAt: def.startsAt,
          action: def.action,
          defaultPeriod: def.defaultPeriod,
          updatedAt: r ? toIso(r.updated_at) : null,
          updatedBy: r?.by_id ? { id: r.by_id as string, name: r.by_name as string } : null,
        }
      })
    },

    async periods(tx: Executor): Promise<RetentionPeriods> {
      const list = await this.list(tx)
      return Object.fromEntries(list.map((s) => [s.dataClass, { period: s.period, unit: s.unit }])) as RetentionPeriods
    },

    async set(tx: Executor, dataClass: RetentionClass, period: number, byId: string): Promise<void> {
      await tx.execute(sql`INSERT INTO privacy_retention_settings (data_class, period, updated_by) VALUES (${dataClass}, ${period}, ${byId})
        ON CONFLICT (data_class) DO UPDATE SET period = EXCLUDED.period, updated_by = EXCLUDED.updated_by, updated_at = now()`)
    },
  }
}

export type RetentionSettingsReader = ReturnType<typeof createRetentionSettings>

/** "6 Monate", "30 Tage". */
export const periodText = (p: { period: number; unit: RetentionUnit }) =>
  p.unit === 'days' ? `${p.period} ${p.period === 1 ? 'Tag' : 'Tage'}` : `${p.period} ${p.period === 1 ? 'Monat' : 'Monate'}`
