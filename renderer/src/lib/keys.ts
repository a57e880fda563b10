// The till's keyboard map: one key per cashier action, the same on every screen (UX.md "Every action has a key").
// Pure data plus a tiny matcher; the buttons show these labels.

export const KEYS = {
  quantity: 'F2',
  discount: 'F3',
  price: 'F4',
  voidLine: 'F5',
  suspend: 'F6',
  resume: 'F7',
  return: 'F8',
  lookup: 'F9',
  catalogue: 'F10',
  manager: 'F11',
  pay: 'F12',
  cash: 'F2',
  card: 'F3',
  printAgain: 'F4',
  voidSale: 'F1',
  confirm: 'Enter',
  back: 'Esc',
} as const;

export type KeyAction = keyof typeof KEYS;

/** True when a KeyboardEvent.key is the key the map gives for an action ("Esc" is spelled "Escape" by browsers). */
export function isKey(eventKey: string, action: KeyAction): boolean {
  const wanted = KEYS[action];
  return eventKey === (wanted === 'Esc' ? 'Escape' : wanted);
}
