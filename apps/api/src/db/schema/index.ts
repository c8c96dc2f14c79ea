export * from './users.ts'
export * from './sessions.ts'
export * from './audit-log.ts'
export * from './groups.ts'
