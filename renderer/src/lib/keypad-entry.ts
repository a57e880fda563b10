// What an on-screen keypad key does to the text being entered. Pure; the Keypad component renders the keys.
export type KeypadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '00' | '.' | 'clear' | 'back' | 'enter' | 'times';

/** Applies a keypad key to a text entry (pure): digits append, back deletes, clear empties. */
export function applyKeypadKey(text: string, key: KeypadKey, maxLength = 12): string {
  if (key === 'clear') return '';
  if (key === 'back') return text.slice(0, -1);
  if (key === 'enter' || key === 'times') return text;
  if (key === '.' && text.includes('.')) return text;
  const next = text + (key === '.' && text === '' ? '0.' : key);
  return next.length > maxLength ? text : next;
}
