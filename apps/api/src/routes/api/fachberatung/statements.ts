import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { IdParams, Statement, StatementParams, StatementSummaryList } from '@wohnlotse/shared'
import { notFound } from '../../../errors.ts'
import { errorResponses } from '../../../lib/route-schemas.ts'
import { statementCsv } from '../../../plugins/app/fachberatung/statement-csv.ts'

/** What the CSV download looks like (see plugins/app/fachberatung/statement-csv.ts), for the API docs. */
const CSV_EXAMPLE = [
  'Abrechnung Fachberatung;Rahmenvertrag RV-2026-01;Beispiel Beratung;Monat 03/2026',
  'Datum;Gruppe;Tätigkeit;Beschreibung;Minuten;Stunden',
  '02.03.2026;Wohnprojekt Beispiel;Beratungsgespräch;Satzungsentwurf;90;1,50',
  'Summe;;;;90;1,50',
  'Stundensatz netto (EUR);90,00',
  'Netto (EUR);135,00',
  'Umsatzsteuer 19 % (EUR);25,65',
  'Brutto (EUR);160,65',
  'Status;vorläufig',
  '',
].join('\r\n')

const tags = ['fachberatung']

const statements: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/:id/statements',
    {
      config: { roles: ['coordinator', 'advisor'] },
      schema: { tags, summary: 'The finalised statements of a contract, newest month first', params: IdParams, response: { 200: StatementSummaryList, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => {
      const contract = await fastify.contractsRepository.findView(request.params.id, request.user.role === 'advisor' ? request.user.id : undefined)
      if (!contract) throw notFound('Contract')
      return { items: await fastify.statementsRepository.listFinalized(contract.id) }
    },
  )

  fastify.get(
    '/:id/statements/:month',
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
    '/:id/statements/:month/finalize',
    {
      config: { roles: ['coordinator'] },
      schema: { tags, summary: 'Finalise the statement: its entries are billed and can never change', params: StatementParams, response: { 200: Statement, ...errorResponses(400, 401, 403, 404, 409, 422) } },
    },
    async (request) => fastify.statementsService.finalize(request.user, request.params.id, request.params.month),
  )
}

export default statements
