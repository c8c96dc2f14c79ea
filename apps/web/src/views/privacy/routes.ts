import type { RouteRecordRaw } from 'vue-router'
import { AREAS } from '../../navigation.ts'

/**
 * Datenschutz (coordinators): finding a person and their rights (information, erasure, restriction, consents),
 * the retention settings with the job's preview and history, and the record of processing.
 */
export const privacyRoutes: RouteRecordRaw[] = [
  { path: AREAS.privacy.path, name: 'privacy', component: () => import('./PeopleSearchView.vue'), meta: { area: 'privacy' } },
  {
    path: `${AREAS.privacy.path}/people/:ref`,
    name: 'privacyPerson',
    component: () => import('./PersonView.vue'),
    meta: { area: 'privacy', titleKey: 'privacy.person.title' },
  },
  {
    path: `${AREAS.privacy.path}/retention`,
    name: 'privacyRetention',
    component: () => import('./RetentionView.vue'),
    meta: { area: 'privacy', titleKey: 'privacy.retention.title' },
  },
  {
    path: `${AREAS.privacy.path}/record`,
    name: 'privacyRecord',
    component: () => import('./RecordView.vue'),
    meta: { area: 'privacy', titleKey: 'privacy.record.title' },
  },
]
