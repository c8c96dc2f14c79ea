import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { BillingOverview, BillingOverviewQuery, IdParams, Statement, StatementParams } from '@wohnlotse/shared'
import { notFound } from '../../../errors.ts'
import { errorResponses } from '../../../lib/route-schemas.ts'
import { statementCsv } from '../../../plugins/app/fachberatung/statement-csv.ts'

/** What the CSV download looks like (see plugins/app/fachberatung/statement-csv.ts), for the API docs. */
const CSV_EXAMPLE = [
  'Rahmenvertrag;Fachberater:in;Abrechnungsmonat;Status;Block;Leistungsmonat;Datum;Gruppe;Tätigkeit;Beschreibung;Minuten;Dauer;Stundensatz netto (EUR);USt-Satz (%);Netto (EUR);USt (EUR);Brutto (EUR)',
  'RV-2026-01;Beispiel Beratung;03.2026;vorläufig;Leistung;03.2026;02.03.2026;Wohnprojekt Beispiel;Beratungsgespräch;Satzungsentwurf;90;1,5\u00a0Std.;90,00;19;;;',
  'RV-2026-01;Beispiel Beratung;03.2026;vorläufig;Nachtrag;02.2026;25.02.2026;Wohnprojekt Beispiel;Schriftverkehr;;30;0,5\u00a0Std.;90,00;19;;;',
  'RV-2026-01;Beispiel Beratung;03.2026;vorläufig;Summe;;;;;;120;2,0\u00a0Std.;90,00;19;180,00;34,20;214,20',
  '',
].join('\r\n')

const tags = ['fachberatung']

const statements: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/statements',
    {
      config: { roles: ['coordinator', 'advisor'] },
      schema: {
        tags,
        summary: 'Billing overview: the months of every contract (an advisor: their own) with status, hours and money, newest first',
        querystring: BillingOverviewQuery,
        response: { 200: BillingOverview, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => fastify.statementsService.overview(request.user, request.query),
  )

  fastify.get(
    '/contracts/:id/statements',
    {
      config: { roles: ['coordinator', 'advisor'] },
      schema: {
        tags,
        summary: 'Billing overview of one contract: all its months with status, hours and money, newest first',
        params: IdParams,
        querystring: Type.Pick(BillingOverviewQuery, ['status']),
        response: { 200: BillingOverview, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const contract = await fastify.contractsRepository.findView(request.params.id, request.user.role === 'advisor' ? request.user.id : undefined)
      if (!contract) throw notFound('Contract')
      // One contract has at most a few dozen months (its validity): one page, no cursor.
      return fastify.statementsService.overview(request.user, { ...request.query, contractId: contract.id, limit: 200 })
    },
  )

  fastify.get(
    '/contracts/:id/statements/:month',
    {
      config: { roles: ['coordinator', 'advisor'] },
      schema: {
        tags,
        summary: 'Monthly statement of a contract; with Accept: text/csv a CSV for German Excel',
        params: StatementParams,
        response: {
          200: { content: { 'application/json': { schema: Statement }, 'text/csv': { schema: Type.String({ example: CSV_EXAMPLE }) } } },
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const statement = await fastify.statementsService.get(request.user, request.params.id, request.params.month)
      // The download link asks for CSV explicitly; everything else (browsers' */*, JSON clients) gets JSON.
      if ((request.headers.accept ?? '').includes('text/csv')) {
        const filename = `Abrechnung-${statement.contractNumber.replace(/[^\w.-]+/g, '_')}-${statement.month}.csv`
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(statementCsv(statement))
      }
      return reply.type('application/json; charset=utf-8').send(statement)
    },
  )

  fastify.post(
    '/contracts/:id/statements/:month/finalize',
    {
      config: { roles: ['coordinator'] },
      schema: { tags, summary: 'Finalise the statement of a month that has ended: its entries are billed and can never change', params: StatementParams, response: { 200: Statement, ...errorResponses(400, 401, 403, 404, 409, 422) } },
    },
    async (request) => fastify.statementsService.finalize(request.user, request.params.id, request.params.month),
  )
}

export default statements
