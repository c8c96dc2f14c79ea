import type { DownloadedFile } from '../../api/http.ts'

/** Hands a downloaded file to the browser's save dialog through a temporary object URL; answers the file's name. */
export function saveFile(file: DownloadedFile, fallbackName: string): string {
  const url = URL.createObjectURL(file.blob)
  const link = document.createElement('a')
  link.href = url
  link.download = file.filename ?? fallbackName
  document.body.append(link)
  link.click()
  link.remove()
  // Some browsers read the URL after click() returns; let it live a little.
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
  return link.download
}
