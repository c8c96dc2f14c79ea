import { eq } from 'drizzle-orm'
import type { Tx } from '../client.ts'
import { offers } from '../schema/index.ts'
import type { AuditRepository } from '../../plugins/app/audit/audit-repository.ts'
import { toOffer } from '../../plugins/app/frontdesk/offers-repository.ts'

/**
 * Placeholder contact data for the eight offers every installation starts with, in the demo only, so the
 * referral handout (contact card) can be shown. Real installations keep these fields empty until the office
 * enters them. Everything here is visibly invented:
 * - e-mail and web addresses at example.org (reserved for examples, RFC 2606);
 * - phone numbers "0351 000000-NN": Germany has no reserved range for fiction, but a subscriber number never
 *   starts with 0 (that digit is the trunk prefix), so no line in Dresden can have one of these numbers;
 * - the street "Beispielweg" in the postcode 01000, which Deutsche Post does not assign;
 * - opening hours that say "Demo".
 */
// Topics, target groups and languages stay as the migration has them: they describe real offers.
const DEMO_SLUGS: Record<string, string> = {
  Wohnsinn: 'wohnsinn',
  'Mietshäuser Syndikat': 'syndikat',
  'WoGe Dresden eG': 'woge',
  'bauforum dresden e.V.': 'bauforum',
  AWIG: 'awig',
  Wohnungsbauförderstelle: 'foerderstelle',
  Wohnberatungsstelle: 'wohnberatung',
  Stadtplanungsamt: 'stadtplanung',
}

export async function seedDemoOfferContacts(tx: Tx, audit: AuditRepository): Promise<void> {
  const rows = await tx.select().from(offers)
  let n = 10
  for (const row of rows.sort((a, b) => a.name.localeCompare(b.name, 'de'))) {
    const slug = DEMO_SLUGS[row.name]
    // An offer the office renamed or added before the demo was seeded keeps what it has.
    if (!slug) continue
    n += 1
    const [updated] = await tx
      .update(offers)
      .set({
        contactPhone: `0351 000000-${n}`,
        contactEmail: `${slug}@example.org`,
        contactUrl: `https://example.org/${slug}`,
        contactAddress: `Beispielweg ${n - 10}, 01000 Dresden`,
        contactOpeningHours: 'Demo: Mo–Do 9–16 Uhr, Fr nach Vereinbarung',
      })
      .where(eq(offers.id, row.id))
      .returning()
    await audit.record(tx, { actorId: null, action: 'offer.update', entity: 'offer', entityId: row.id, before: toOffer(row), after: toOffer(updated!) })
  }
}
