import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Budget, BudgetPut, Settings, SettingsPatch, YearParams } from '@wohnlotse/shared'
import { errorResponses } from '../../../lib/route-schemas.ts'

const tags = ['fachberatung']

/** The yearly advisor budget and the programme settings. */
const budgets: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/advisor-budgets/:year',
    {
      config: { roles: ['coordinator'] },
      schema: {
        tags,
        summary: 'The advisor budget of a year: amount, committed by grants, spent on approved hours, available',
        params: YearParams,
        response: { 200: Budget, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => fastify.budgetsRepository.get(request.params.year),
  )

  fastify.put(
    '/advisor-budgets/:year',
    {
      config: { roles: ['coordinator'] },
      schema: { tags, summary: "Set the year's advisor budget", params: YearParams, body: BudgetPut, response: { 200: Budget, ...errorResponses(400, 401, 403, 409) } },
    },
    async (request) => fastify.contractsService.putBudget(request.user, request.params.year, request.body.amountCents),
  )

  fastify.get(
    '/settings',
    {
      config: { roles: ['coordinator', 'admin'] },
      schema: { tags, summary: 'Programme settings', response: { 200: Settings, ...errorResponses(401, 403) } },
    },
    async () => fastify.contractsService.getSettings(),
  )

  fastify.patch(
    '/settings',
    {
      config: { roles: ['coordinator', 'admin'] },
      schema: { tags, summary: 'Change programme settings (default grant size in minutes)', body: SettingsPatch, response: { 200: Settings, ...errorResponses(400, 401, 403) } },
    },
    async (request) => fastify.contractsService.patchSettings(request.user, request.body),
  )
}

export default budgets
