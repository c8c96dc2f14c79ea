import Type, { type Static } from 'typebox'

export const Uuid = Type.String({ format: 'uuid' })
export const Timestamp = Type.String({ format: 'date-time' })
export const IsoDate = Type.String({ format: 'date' })

export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false })
export type IdParams = Static<typeof IdParams>

/** Keyset pagination: `cursor` is opaque to clients, `nextCursor` is null on the last page. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
}

export const NextCursor = Type.Union([Type.String(), Type.Null()])

/** A person as shown next to something they did. */
export const ActorRef = Type.Object({ id: Uuid, name: Type.String() })
export type ActorRef = Static<typeof ActorRef>

export const HealthResponse = Type.Object({ status: Type.Literal('ok') })
export type HealthResponse = Static<typeof HealthResponse>

/** `T | null`: optional data that is known to be absent, as the API answers it. */
export const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

/** Why someone did something (skipping a stage, closing, rejecting): required text, kept in the history. */
export const Reason = Type.String({ minLength: 1, maxLength: 2000 })

/** The longest phone number taken: a leading "+", then up to 30 digits and separators. */
export const PHONE_MAX_LENGTH = 31
/**
 * Digits with the usual separators: "+49 351 000000", "(0351) 000000", "0351/000000". One rule for API and SPA;
 * the pattern's length bound is built from PHONE_MAX_LENGTH, so the pattern and the schema's maxLength agree.
 */
export const PHONE_PATTERN_SOURCE = `^\\+?[0-9(][0-9 ()/-]{4,${PHONE_MAX_LENGTH - 2}}$`
export const PhoneNumber = Type.String({ pattern: PHONE_PATTERN_SOURCE, maxLength: PHONE_MAX_LENGTH })
