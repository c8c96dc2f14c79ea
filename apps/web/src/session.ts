import type { Router } from 'vue-router'
import { connectSession } from './api/http.ts'
import { useAuthStore } from './stores/auth.ts'

/**
 * Connects the fetch wrapper to the auth store and the router: requests carry the store's token, renew it
 * through the store's single in-flight refresh, and a session that cannot be renewed ends on the login page
 * with the way back in the `redirect` query.
 */
export function wireSession(router: Router): void {
  const auth = useAuthStore()
  connectSession({
    accessToken: () => auth.accessToken,
    refresh: () => auth.refresh(),
    sessionEnded: () => {
      auth.clear()
      const here = router.currentRoute.value
      if (here.name === 'login') return
      void router.replace({ name: 'login', query: { redirect: here.fullPath, reason: 'expired' } })
    },
  })
}
