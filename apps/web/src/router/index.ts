import {
  createRouter,
  createWebHistory,
  type LocationQueryValue,
  type RouteRecordRaw,
  type Router,
  type RouterHistory,
} from 'vue-router'
import type { Role } from '@wohnlotse/shared'
import { useAuthStore } from '../stores/auth.ts'
import { AREAS, canSee, type AreaKey } from '../navigation.ts'
import HomeView from '../views/HomeView.vue'
import LoginView from '../views/LoginView.vue'
import NotFoundView from '../views/NotFoundView.vue'
import PlaceholderView from '../views/PlaceholderView.vue'
import { frontDeskRoutes } from '../views/frontdesk/routes.ts'
import { adminRoutes } from '../views/admin/routes.ts'
import { privacyRoutes } from '../views/privacy/routes.ts'
import { offersRoutes } from '../views/offers/routes.ts'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean
    /** The navigation area the route belongs to; decides who may open it (src/navigation.ts). */
    area?: AreaKey
    /** i18n key of the page title; areas use their navigation label. */
    titleKey?: string
    /** Narrows the area to these roles (e.g. editing a group: coordinators only). */
    roles?: readonly Role[]
  }
}

/** Areas with views of their own; their code loads when first opened. */
const groupRoutes: RouteRecordRaw[] = [
  { path: AREAS.groups.path, name: 'groups', component: () => import('../views/groups/GroupListView.vue'), meta: { area: 'groups' } },
  {
    path: `${AREAS.groups.path}/new`,
    name: 'groupNew',
    component: () => import('../views/groups/GroupFormView.vue'),
    meta: { area: 'groups', roles: ['coordinator', 'frontdesk'], titleKey: 'groups.form.newTitle' },
  },
  {
    path: `${AREAS.groups.path}/:id`,
    name: 'group',
    component: () => import('../views/groups/GroupDetailView.vue'),
    meta: { area: 'groups' },
  },
  {
    path: `${AREAS.groups.path}/:id/edit`,
    name: 'groupEdit',
    component: () => import('../views/groups/GroupFormView.vue'),
    meta: { area: 'groups', roles: ['coordinator'] },
  },
]

/** Fachberatung: the coordinator's contracts, budget and approvals; the advisor's grants, hours and statements. */
const StatementView = () => import('../views/fachberatung/StatementView.vue')
const fachberatungRoutes: RouteRecordRaw[] = [
  { path: AREAS.expertAdvice.path, name: 'expertAdvice', component: () => import('../views/fachberatung/ExpertAdviceView.vue'), meta: { area: 'expertAdvice' } },
  {
    path: `${AREAS.expertAdvice.path}/contracts/:id`,
    name: 'contract',
    component: () => import('../views/fachberatung/ContractDetailView.vue'),
    meta: { area: 'expertAdvice', titleKey: 'fachberatung.contracts.detailTitle' },
  },
  {
    path: `${AREAS.expertAdvice.path}/contracts/:id/statements/:month`,
    name: 'contractStatement',
    component: StatementView,
    meta: { area: 'expertAdvice' },
  },
  { path: AREAS.approvals.path, name: 'approvals', component: () => import('../views/fachberatung/ApprovalsView.vue'), meta: { area: 'approvals' } },
  { path: AREAS.grants.path, name: 'grants', component: () => import('../views/advisor/MyGrantsView.vue'), meta: { area: 'grants' } },
  { path: AREAS.timeEntries.path, name: 'timeEntries', component: () => import('../views/advisor/MyTimeEntriesView.vue'), meta: { area: 'timeEntries' } },
  { path: AREAS.statements.path, name: 'statements', component: () => import('../views/advisor/MyStatementsView.vue'), meta: { area: 'statements' } },
  { path: `${AREAS.statements.path}/:id/:month`, name: 'myStatement', component: StatementView, meta: { area: 'statements' } },
]

/** The council report (coordinator, city); chart.js loads with it only. */
const reportRoutes: RouteRecordRaw[] = [
  { path: AREAS.reports.path, name: 'reports', component: () => import('../views/reports/ReportsView.vue'), meta: { area: 'reports' } },
]

const BUILT_AREAS: readonly AreaKey[] = ['home', 'groups', 'expertAdvice', 'approvals', 'grants', 'timeEntries', 'statements', 'frontDesk', 'offers', 'users', 'audit', 'privacy', 'reports']

/** Areas that have no view of their own yet share the placeholder. */
const areaRoutes: RouteRecordRaw[] = (Object.keys(AREAS) as AreaKey[])
  .filter((area) => !BUILT_AREAS.includes(area))
  .map((area) => ({ path: AREAS[area].path, name: area, component: PlaceholderView, meta: { area } }))

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true, titleKey: 'login.title' } },
  { path: AREAS.home.path, name: 'home', component: HomeView, meta: { area: 'home' } },
  // Every signed-in person's own account, outside the role navigation: reached from one's name in the header.
  { path: '/account', name: 'account', component: () => import('../views/account/AccountView.vue'), meta: { titleKey: 'account.title' } },
  ...groupRoutes,
  ...fachberatungRoutes,
  ...frontDeskRoutes,
  ...offersRoutes,
  ...adminRoutes,
  ...privacyRoutes,
  ...reportRoutes,
  ...areaRoutes,
  {
    path: '/:pathMatch(.*)*',
    name: 'notFound',
    component: NotFoundView,
    meta: { public: true, titleKey: 'notFound.title' },
  },
]

/**
 * Where to go after signing in: only paths inside the app, never `//host` or `/\host` (open redirects),
 * and never back to the login page.
 */
export function safeRedirect(value: LocationQueryValue | LocationQueryValue[] | undefined): string {
  const path = Array.isArray(value) ? value[0] : value
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return '/'
  return path.startsWith('/login') ? '/' : path
}

export function createAppRouter(history: RouterHistory = createWebHistory()): Router {
  const router = createRouter({ history, routes })

  router.beforeEach(async (to) => {
    const auth = useAuthStore()
    // The first navigation waits until a reload's session is restored from the refresh cookie.
    await auth.restore()
    const user = auth.user

    if (to.name === 'login') return user ? safeRedirect(to.query.redirect) : true
    if (to.meta.public) return true
    if (!user) return { name: 'login', query: { redirect: to.fullPath } }
    if ((to.meta.area && !canSee(user.role, to.meta.area)) || (to.meta.roles && !to.meta.roles.includes(user.role))) {
      // Areas of other roles answer like addresses that do not exist, as the API does.
      return { name: 'notFound', params: { pathMatch: to.path.slice(1).split('/') }, query: to.query, hash: to.hash }
    }
    return true
  })

  return router
}
