/** The reference's prepared reads, shared by the raw reference (reference.ts) and the HTTP floor (http-floor.ts). */
export const GROUP_BY_ID = { name: 'group', text: 'SELECT * FROM groups WHERE id = $1' } as const

export const GRANT_BY_ID = {
  name: 'grant',
  text: `SELECT g.*, gr.name AS group_name, c.number AS contract_number, u.name AS advisor_name
         FROM grants g JOIN groups gr ON gr.id = g.group_id JOIN contracts c ON c.id = g.contract_id JOIN users u ON u.id = g.advisor_id
         WHERE g.id = $1`,
} as const
