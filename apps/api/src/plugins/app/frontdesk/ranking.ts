import type { Language, Offer, OfferListQuery, TargetGroup, Topic } from '@wohnlotse/shared'

/**
 * How well an offer fits what a person asked about. Topics weigh most (they are what the person needs
 * help with), then target groups, then language:
 *   3 points per asked topic the offer covers,
 *   2 points per asked target group the offer names (an offer naming none is open to all, but a
 *     specialised one fits better, so it scores 0 here),
 *   1 point if the offer advises in the asked language; an offer listing no languages counts as
 *     German only.
 */
export const MATCH_WEIGHTS = { topic: 3, targetGroup: 2, language: 1 } as const

export interface MatchCriteria {
  topics: readonly Topic[]
  targetGroups: readonly TargetGroup[]
  language?: Language
}

export function criteriaOf(query: OfferListQuery): MatchCriteria | undefined {
  const criteria = { topics: query.topic ?? [], targetGroups: query.targetGroup ?? [], language: query.language }
  return criteria.topics.length || criteria.targetGroups.length || criteria.language ? criteria : undefined
}

export function matchScore(offer: Pick<Offer, 'topics' | 'targetGroups' | 'languages'>, criteria: MatchCriteria): number {
  const topics = criteria.topics.filter((t) => offer.topics.includes(t)).length
  const targetGroups = criteria.targetGroups.filter((g) => offer.targetGroups.includes(g)).length
  const languages = offer.languages.length ? offer.languages : ['de']
  const language = criteria.language && languages.includes(criteria.language) ? 1 : 0
  return topics * MATCH_WEIGHTS.topic + targetGroups * MATCH_WEIGHTS.targetGroup + language * MATCH_WEIGHTS.language
}

/**
 * Best match first, then by name (German collation), so equal scores read like the plain list.
 * Offers that match nothing stay in the list, at the end: the front desk may still know better.
 */
export function rankOffers(items: Offer[], criteria: MatchCriteria): Offer[] {
  const byName = new Intl.Collator('de', { sensitivity: 'base' })
  return items
    .map((offer) => ({ ...offer, matchScore: matchScore(offer, criteria) }))
    .sort((a, b) => b.matchScore - a.matchScore || byName.compare(a.name, b.name))
}
