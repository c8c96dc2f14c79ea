import type { RouteRecordRaw } from 'vue-router'
import { AREAS } from '../../navigation.ts'

/** Administration: accounts ("Benutzer", admin and coordinator) and the audit trail ("Protokoll", admin). */
export const adminRoutes: RouteRecordRaw[] = [
  { path: AREAS.users.path, name: 'users', component: () => import('./UsersView.vue'), meta: { area: 'users' } },
  {
    path: `${AREAS.users.path}/new`,
    name: 'userNew',
    component: () => import('./UserCreateView.vue'),
    meta: { area: 'users', titleKey: 'admin.users.form.title' },
  },
  { path: AREAS.audit.path, name: 'audit', component: () => import('./AuditView.vue'), meta: { area: 'audit' } },
]
