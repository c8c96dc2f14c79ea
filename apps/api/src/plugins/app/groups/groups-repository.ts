import fp from 'fastify-plugin'
import { and, asc, desc, eq, ilike, sql, type SQL } from 'drizzle-orm'
import type { Group, GroupList, GroupListItem, GroupListQuery, Stage, StageCounts, StageCountsQuery, StageHistoryEntry, StatusHistoryEntry } from '@wohnlotse/shared'
import { groups, groupStageChanges, groupStageCounts, groupStatusChanges, users } from '../../../db/schema/index.ts'
import type { Db, Executor } from '../../../db/client.ts'
import { cursorTimestamp, decodeCursor, encodeCursor } from '../../../lib/cursor.ts'
import { isoTimestamp } from '../../../lib/iso-timestamp.ts'
import { advisorGroups, scopeCondition, type GroupScope } from './group-scope.ts'

export type GroupRow = typeof groups.$inferSelect
export type GroupInsert = Omit<typeof groups.$inferInsert, 'id' | 'createdAt' | 'updatedAt' | 'stageSince'>

export function toGroup(row: GroupRow): Group {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    legalForm: row.legalForm,
    district: row.district as Group['district'],
    targetGroups: row.targetGroups as Group['targetGroups'],
    languages: row.languages as Group['languages'],
    plannedHomes: row.plannedHomes,
    lifecycle: row.lifecycle,
    stage: row.stage,
    stageSince: row.stageSince.toISOString(),
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/**
 * The columns the list shows (GroupListItem): a page reads and sends no descriptions or other case details. Its
 * timestamps come as ISO text, as the API sends them (fifty rows a page: no Date per row and back).
 */
const listColumns = {
  id: groups.id,
  name: groups.name,
  district: groups.district,
  stage: groups.stage,
  stageSince: isoTimestamp(groups.stageSince),
  status: groups.status,
  updatedAt: isoTimestamp(groups.updatedAt),
}
type ListRow = Pick<GroupRow, 'id' | 'name' | 'district' | 'stage' | 'status'> & { stageSince: string; updatedAt: string }

function toListItem(row: ListRow): GroupListItem {
  return {
    id: row.id,
    name: row.name,
    district: row.district as GroupListItem['district'],
    stage: row.stage,
    stageSince: row.stageSince,
    status: row.status,
    updatedAt: row.updatedAt,
  }
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%", not everything. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** The filters a list or count request uses: its shape, which names one prepared statement. */
interface Shape {
  q: boolean
  stage: boolean
  status: boolean
  district: boolean
  targetGroup: boolean
  advisor: boolean
  cursor: boolean
}
const shapeKey = (s: Shape) => (Object.keys(s) as (keyof Shape)[]).filter((k) => s[k]).join('_') || 'all'

const P = (name: string) => sql.placeholder(name)

/** The filter conditions of a shape, with placeholders for their values (named like the query's fields). */
function conditions(s: Omit<Shape, 'cursor' | 'stage'>): (SQL | undefined)[] {
  return [
    s.advisor ? advisorGroups(P('advisorId')) : undefined,
    s.q ? ilike(sql`(${groups.name} || ' ' || coalesce(${groups.description}, ''))`, P('q')) : undefined,
    s.status ? sql`${groups.status} = ${P('status')}` : undefined,
    s.district ? sql`${groups.district} = ${P('district')}` : undefined,
    s.targetGroup ? sql`${groups.targetGroups} @> ARRAY[${P('targetGroup')}]::text[]` : undefined,
  ]
}

/** The placeholder values of a request (only those its shape names are read). */
function values(query: GroupListQuery, scope: GroupScope): Record<string, unknown> {
  return {
    q: query.q ? likePattern(query.q) : undefined,
    stage: query.stage,
    status: query.status,
    district: query.district,
    targetGroup: query.targetGroup,
    advisorId: scope.kind === 'advisor' ? scope.advisorId : undefined,
  }
}

/**
 * A search is planned with its pattern every time (an unnamed statement): how many rows a pattern matches decides
 * between walking the list order and the trigram index, and a generic plan would pick one for every pattern.
 * A list page with a target group is too: only a plan made with the value can walk that target group's partial
 * index (migration 0027). A named statement switched to its generic plan after five runs, which fetched and sorted
 * every group matching the filters (1,903 for stage + status + 'families' at 100,000 groups, where the partial
 * index reads 51).
 * Every other shape is a named statement, planned once per connection.
 */
export const plannedPerRequest = (s: Pick<Shape, 'q' | 'targetGroup'>, kind: 'list' | 'counts') => s.q || (kind === 'list' && s.targetGroup)
const statementName = (kind: 'list' | 'counts', s: Shape) => (plannedPerRequest(s, kind) ? '' : `groups_${kind}_${shapeKey(s)}`)

export function createGroupsRepository(db: Db) {
  // The hot read (GET /api/groups/:id), prepared once per connection instead of built and planned per request.
  const byId = db.select().from(groups).where(eq(groups.id, sql.placeholder('id'))).prepare('groups_by_id')
  const byIdOfAdvisor = db
    .select()
    .from(groups)
    .where(and(eq(groups.id, sql.placeholder('id')), advisorGroups(sql.placeholder('advisorId'))))
    .prepare('groups_by_id_of_advisor')

  // The list and the stage counts are built once per shape (at most 2^7 and 2^5 of them), not per request.
  const listStatements = new Map<string, ReturnType<typeof buildList>>()
  function buildList(s: Shape) {
    // Row form: the index scan starts at the cursor (the OR form filtered its way there, page after page).
    const after = s.cursor ? sql`(${groups.updatedAt}, ${groups.id}) < (${P('at')}::timestamptz, ${P('id')}::uuid)` : undefined
    return db
      .select({ ...listColumns, cursorAt: cursorTimestamp(groups.updatedAt) })
      .from(groups)
      .where(and(...conditions(s), s.stage ? sql`${groups.stage} = ${P('stage')}` : undefined, after))
      .orderBy(desc(groups.updatedAt), desc(groups.id))
      .limit(P('limit'))
      .prepare(statementName('list', s))
  }
  const countStatements = new Map<string, ReturnType<typeof buildCounts>>()
  function buildCounts(s: Shape) {
    // Without a search, a target group or an advisor's scope, the counts table answers (at most 180 rows).
    if (!s.q && !s.targetGroup && !s.advisor) {
      return db
        .select({ stage: groupStageCounts.stage, n: sql<number>`sum(${groupStageCounts.n})::int` })
        .from(groupStageCounts)
        .where(
          and(
            s.status ? sql`${groupStageCounts.status} = ${P('status')}` : undefined,
            s.district ? sql`${groupStageCounts.district} = ${P('district')}` : undefined,
          ),
        )
        .groupBy(groupStageCounts.stage)
        .prepare(statementName('counts', s))
    }
    return db
      .select({ stage: groups.stage, n: sql<number>`count(*)::int` })
      .from(groups)
      .where(and(...conditions(s)))
      .groupBy(groups.stage)
      .prepare(statementName('counts', s))
  }
  const shapeOf = (query: GroupListQuery, scope: GroupScope): Shape => ({
    q: !!query.q,
    stage: !!query.stage,
    status: !!query.status,
    district: !!query.district,
    targetGroup: !!query.targetGroup,
    advisor: scope.kind === 'advisor',
    cursor: !!query.cursor,
  })
  const cached = <T>(map: Map<string, T>, s: Shape, build: (s: Shape) => T): T => {
    const key = shapeKey(s)
    let statement = map.get(key)
    if (!statement) map.set(key, (statement = build(s)))
    return statement
  }

  return {
    async findById(id: string, scope: GroupScope, tx?: Executor): Promise<GroupRow | undefined> {
      if (tx) return (await tx.select().from(groups).where(and(eq(groups.id, id), scopeCondition(scope))).for('update'))[0]
      const rows = scope.kind === 'all' ? await byId.execute({ id }) : await byIdOfAdvisor.execute({ id, advisorId: scope.advisorId })
      return rows[0]
    },

    async list(query: GroupListQuery, scope: GroupScope): Promise<GroupList> {
      const limit = query.limit ?? 50
      const [at, id] = query.cursor ? decodeCursor(query.cursor, ['timestamp', 'uuid']) : []
      const statement = cached(listStatements, shapeOf(query, scope), buildList)
      const rows = await statement.execute({ ...values(query, scope), at, id, limit: limit + 1 })
      const page = rows.slice(0, limit)
      const last = page[page.length - 1]
      return {
        items: page.map(toListItem),
        nextCursor: rows.length > limit && last ? encodeCursor([last.cursorAt, last.id]) : null,
      }
    },

    async stageCounts(query: StageCountsQuery, scope: GroupScope): Promise<StageCounts> {
      const statement = cached(countStatements, { ...shapeOf(query, scope), stage: false, cursor: false }, buildCounts)
      const rows = await statement.execute(values(query, scope))
      const counts: StageCounts = { orientation: 0, concept: 0, expert: 0 }
      for (const r of rows) counts[r.stage] = r.n
      return counts
    },

    async insert(tx: Executor, data: GroupInsert): Promise<GroupRow> {
      return (await tx.insert(groups).values(data).returning())[0]!
    },

    async update(tx: Executor, id: string, patch: Partial<GroupInsert> & { stageSince?: SQL }): Promise<GroupRow> {
      return (await tx.update(groups).set({ ...patch, updatedAt: sql`now()` }).where(eq(groups.id, id)).returning())[0]!
    },

    /** Marks activity on a group (contacts, consultations), so recently worked-on groups list first. */
    async touch(tx: Executor, id: string): Promise<void> {
      await tx.update(groups).set({ updatedAt: sql`now()` }).where(eq(groups.id, id))
    },

    async recordStageChange(tx: Executor, change: { groupId: string; fromStage: Stage | null; toStage: Stage; byId: string | null; reason: string | null }) {
      await tx.insert(groupStageChanges).values(change)
    },

    async recordStatusChange(tx: Executor, change: typeof groupStatusChanges.$inferInsert) {
      await tx.insert(groupStatusChanges).values(change)
    },

    async statusHistory(groupId: string): Promise<StatusHistoryEntry[]> {
      const rows = await db
        .select({ change: groupStatusChanges, byName: users.name })
        .from(groupStatusChanges)
        .leftJoin(users, eq(users.id, groupStatusChanges.byId))
        .where(eq(groupStatusChanges.groupId, groupId))
        .orderBy(asc(groupStatusChanges.at), asc(groupStatusChanges.id))
      return rows.map(({ change, byName }) => ({
        from: change.fromStatus,
        to: change.toStatus,
        at: change.at.toISOString(),
        by: change.byId ? { id: change.byId, name: byName ?? '' } : null,
        reason: change.reason,
        closeReason: change.closeReason,
      }))
    },

    async stageHistory(groupId: string): Promise<StageHistoryEntry[]> {
      const rows = await db
        .select({ change: groupStageChanges, byName: users.name })
        .from(groupStageChanges)
        .leftJoin(users, eq(users.id, groupStageChanges.byId))
        .where(eq(groupStageChanges.groupId, groupId))
        .orderBy(asc(groupStageChanges.at), asc(groupStageChanges.id))
      return rows.map(({ change, byName }) => ({
        from: change.fromStage,
        to: change.toStage,
        at: change.at.toISOString(),
        by: change.byId ? { id: change.byId, name: byName ?? '' } : null,
        reason: change.reason,
      }))
    },
  }
}

export type GroupsRepository = ReturnType<typeof createGroupsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    groupsRepository: GroupsRepository
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('groupsRepository', createGroupsRepository(fastify.db))
  },
  { name: 'groups-repository', dependencies: ['db'] },
)
