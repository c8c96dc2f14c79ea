/** Whether a request URL (with or without its query) is under `/api`, which answers JSON and is never cached. */
export function isApiPath(url: string): boolean {
  const path = url.split('?')[0] ?? ''
  return path === '/api' || path.startsWith('/api/')
}
