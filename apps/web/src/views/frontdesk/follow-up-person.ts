import type { Referral } from '@wohnlotse/shared'

/** Who to ask about a referral: the inquirer, the group, or `anonymous` (already translated). */
export function followUpPerson(referral: Referral, anonymous: string): string {
  return referral.inquirerName ?? referral.groupName ?? anonymous
}
