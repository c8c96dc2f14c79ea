import { REPORT_MAX_DAYS, daysBetween, isIsoDate, type Period } from '@wohnlotse/shared'
import { appError } from '../../../errors.ts'

/** A report period as asked for: real days, from ≤ to, at most REPORT_MAX_DAYS long (400 with a code otherwise). */
export function checkPeriod(from: string, to: string): Period {
  if (!isIsoDate(from) || !isIsoDate(to)) throw appError('REPORT_DATE_INVALID', 'from and to must be real calendar days (YYYY-MM-DD)')
  if (from > to) throw appError('REPORT_PERIOD_REVERSED', 'The period ends before it starts')
  const days = daysBetween(from, to) + 1
  if (days > REPORT_MAX_DAYS) throw appError('REPORT_PERIOD_TOO_LONG', `A report covers at most ${REPORT_MAX_DAYS} days`)
  return { from, to }
}

/** The same days a year earlier; 29 February becomes the 28th. */
export function yearBefore(p: Period): Period {
  const shift = (iso: string) => {
    const y = Number(iso.slice(0, 4)) - 1
    const md = iso.slice(5)
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
    return `${String(y).padStart(4, '0')}-${md === '02-29' && !leap ? '02-28' : md}`
  }
  return { from: shift(p.from), to: shift(p.to) }
}
