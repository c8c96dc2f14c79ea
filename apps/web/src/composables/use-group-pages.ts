import type { GroupListItem, GroupListQuery } from '@wohnlotse/shared'
import { listGroups } from '../api/groups.ts'
import { useCursorPages } from './use-keyset-pages.ts'

/** A paged group list ("Weitere laden"), most recently updated first; see `useKeysetPages`. */
export function useGroupPages(pageSize: number) {
  return useCursorPages<GroupListItem, GroupListQuery>(listGroups, pageSize)
}
