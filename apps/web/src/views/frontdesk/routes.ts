import type { RouteRecordRaw } from 'vue-router'
import { AREAS } from '../../navigation.ts'

/** The front desk (Anlaufstelle): take an inquiry, the follow-up worklist, the inquiry list and one inquiry. */
export const frontDeskRoutes: RouteRecordRaw[] = [
  {
    path: AREAS.frontDesk.path,
    name: 'frontDesk',
    component: () => import('./FrontDeskView.vue'),
    meta: { area: 'frontDesk' },
  },
  {
    path: `${AREAS.frontDesk.path}/follow-ups`,
    name: 'frontDeskFollowUps',
    component: () => import('./FollowUpsView.vue'),
    meta: { area: 'frontDesk', titleKey: 'frontdesk.followUps.title' },
  },
  {
    path: `${AREAS.frontDesk.path}/follow-ups/upcoming`,
    name: 'frontDeskFollowUpsUpcoming',
    component: () => import('./FollowUpsUpcomingView.vue'),
    meta: { area: 'frontDesk', titleKey: 'frontdesk.upcoming.title' },
  },
  {
    path: `${AREAS.frontDesk.path}/inquiries`,
    name: 'frontDeskInquiries',
    component: () => import('./InquiryListView.vue'),
    meta: { area: 'frontDesk', titleKey: 'frontdesk.inquiries.title' },
  },
  {
    path: `${AREAS.frontDesk.path}/inquiries/:id`,
    name: 'frontDeskInquiry',
    component: () => import('./InquiryDetailView.vue'),
    meta: { area: 'frontDesk', titleKey: 'frontdesk.inquiries.title' },
  },
]
