/**
 * Keyboard helpers shared by the editors. A hotkey from the label schema is matched
 * exactly against `KeyboardEvent.key` ("a" and "A" differ, as core/schema documents);
 * "ctrl+x", "alt+x" and "shift+x" forms are understood too.
 */
export function matchesHotkey(e: KeyboardEvent, hotkey: string | null | undefined): boolean {
  if (!hotkey) return false;
  const parts = hotkey.split('+');
  const key = parts.length > 1 && parts[parts.length - 1] === '' ? '+' : parts[parts.length - 1];
  const mods = new Set(parts.slice(0, -1).map((m) => m.toLowerCase()));
  if (Boolean(e.ctrlKey || e.metaKey) !== (mods.has('ctrl') || mods.has('cmd') || mods.has('meta'))) return false;
  if (e.altKey !== mods.has('alt')) return false;
  if (mods.has('shift') && !e.shiftKey) return false;
  if (mods.has('shift')) return e.key.toLowerCase() === key.toLowerCase();
  return e.key === key;
}

/** True when typing into this element must not trigger single-key shortcuts. */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
  }
  return false;
}

/** True for a plain key press (no ctrl, alt or meta). Shift is allowed: it makes capitals and "?". */
export function plain(e: KeyboardEvent): boolean {
  return !e.ctrlKey && !e.altKey && !e.metaKey;
}

/** A hotkey for display, e.g. "ctrl+1" -> "Ctrl+1". */
export function hotkeyLabel(hotkey: string): string {
  return hotkey
    .split('+')
    .map((p) => (p.length > 1 ? p[0].toUpperCase() + p.slice(1) : p))
    .join('+');
}
