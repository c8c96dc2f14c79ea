import type { RouteRecordRaw } from 'vue-router'
import { AREAS } from '../../navigation.ts'

/** "Angebote": the offers' catalogue the front desk refers people to, kept by coordinators and admins. */
export const offersRoutes: RouteRecordRaw[] = [
  { path: AREAS.offers.path, name: 'offers', component: () => import('./OffersView.vue'), meta: { area: 'offers' } },
  {
    path: `${AREAS.offers.path}/:id`,
    name: 'offerEdit',
    component: () => import('./OfferEditView.vue'),
    meta: { area: 'offers', titleKey: 'offers.edit.title' },
  },
]
