import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import {
  CouncilReport,
  CouncilReportQuery,
  IdParams,
  ReportSettings,
  ReportSettingsPut,
  Snapshot,
  SnapshotCreate,
  SnapshotList,
  periodName,
} from '@wohnlotse/shared'
import { errorResponses } from '../../../lib/route-schemas.ts'
import { councilCsv } from '../../../plugins/app/reports/council-csv.ts'
import { councilXlsx } from '../../../plugins/app/reports/council-xlsx.ts'
import { councilPdf } from '../../../plugins/app/reports/council-pdf.ts'

const tags = ['reports']

const EXPORTS = {
  csv: { type: 'text/csv; charset=utf-8', render: (r: CouncilReport) => councilCsv(r) },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', render: councilXlsx },
  pdf: { type: 'application/pdf', render: councilPdf },
} as const

/** The report to the city council, its exports, stored snapshots and the suppression threshold. */
const reports: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/council',
    {
      config: { roles: ['coordinator', 'city'] },
      schema: {
        tags,
        summary: 'The council report of a period; with format=csv|xlsx|pdf a download (always with small cells suppressed)',
        description: 'Coordinators get every figure, with the cells that would be suppressed flagged; the city role gets the suppressed figures.',
        querystring: CouncilReportQuery,
        response: {
          200: {
            content: {
              'application/json': { schema: CouncilReport },
              'text/csv': { schema: Type.String() },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: Type.String({ format: 'binary' }) },
              'application/pdf': { schema: Type.String({ format: 'binary' }) },
            },
          },
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const { from, to, format = 'json' } = request.query
      if (format === 'json') return reply.type('application/json; charset=utf-8').send(await fastify.councilService.report(request.user, from, to))
      const report = await fastify.councilService.report(request.user, from, to, true)
      const kind = EXPORTS[format]
      const filename = `Bericht-Stadtrat-${periodName(from, to)}.${format}`
      // A Buffer goes out as it is (Fastify serialises only objects); the schema's "binary" string documents it.
      const body = (await kind.render(report)) as unknown as string
      return reply.type(kind.type).header('content-disposition', `attachment; filename="${filename}"`).send(body)
    },
  )

  fastify.get(
    '/council/snapshots',
    {
      config: { roles: ['coordinator', 'city'] },
      schema: { tags, summary: 'Stored council reports, newest first', response: { 200: SnapshotList, ...errorResponses(401, 403) } },
    },
    async () => ({ items: await fastify.snapshotsRepository.list() }),
  )

  fastify.post(
    '/council/snapshots',
    {
      config: { roles: ['coordinator'] },
      schema: { tags, summary: 'Store ("festschreiben") the report of a period with its SHA-256 hash', body: SnapshotCreate, response: { 201: Snapshot, ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => reply.code(201).send(await fastify.councilService.createSnapshot(request.user, request.body.from, request.body.to)),
  )

  fastify.get(
    '/council/snapshots/:id',
    {
      config: { roles: ['coordinator', 'city'] },
      schema: { tags, summary: 'A stored report, whether it matches its hash, and what changed since in the same period', params: IdParams, response: { 200: Snapshot, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => fastify.councilService.snapshot(request.user, request.params.id),
  )

  fastify.get(
    '/council/settings',
    {
      config: { roles: ['coordinator'] },
      schema: { tags, summary: 'The small-cell threshold k of the council report', response: { 200: ReportSettings, ...errorResponses(401, 403) } },
    },
    async () => fastify.councilService.getSettings(),
  )

  fastify.put(
    '/council/settings',
    {
      config: { roles: ['coordinator'] },
      schema: { tags, summary: 'Change the small-cell threshold k (3 to 20)', body: ReportSettingsPut, response: { 200: ReportSettings, ...errorResponses(400, 401, 403) } },
    },
    async (request) => fastify.councilService.putSettings(request.user, request.body.minCellSize),
  )
}

export default reports
