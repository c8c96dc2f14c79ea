/**
 * Copies text to the clipboard. The Clipboard API exists only in secure contexts; an office server reached
 * over plain HTTP on its own network falls back to the older copy command on a selected, off-screen field.
 * Resolves false when neither worked (the text stays on screen to read out).
 */
export async function copyText(text: string): Promise<boolean> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text)
      return true
    } catch {
      // Denied (no permission, page not focused): try the old way.
    }
  }
  const active = document.activeElement instanceof HTMLElement ? document.activeElement : null
  const field = document.createElement('textarea')
  field.value = text
  field.setAttribute('readonly', '')
  field.style.position = 'fixed'
  field.style.insetInlineStart = '-10000px'
  document.body.append(field)
  field.select()
  let copied = false
  try {
    copied = document.execCommand('copy')
  } catch {
    copied = false
  } finally {
    field.remove()
    // The copy button keeps the focus, as if nothing had moved it.
    active?.focus()
  }
  return copied
}

/**
 * Prints one element only: marks it, and the print stylesheet (frontdesk.css) hides everything else while the
 * mark is there. The mark goes when printing is over.
 */
export function printOnly(element: HTMLElement): void {
  const root = document.documentElement
  for (const marked of document.querySelectorAll('[data-print-target]')) marked.removeAttribute('data-print-target')
  element.setAttribute('data-print-target', '')
  root.setAttribute('data-printing', '')
  const done = () => {
    root.removeAttribute('data-printing')
    element.removeAttribute('data-print-target')
  }
  window.addEventListener('afterprint', done, { once: true })
  window.print()
}
