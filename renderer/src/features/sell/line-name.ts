// Which product name leads on a line: the cashier's language first, the other language small underneath. Pure.
import type { Language } from '../../../../service/contract';

export function lineNames(name: string, nameZh: string | null, language: Language): { primary: string; secondary: string | null } {
  if (language === 'zh' && nameZh) return { primary: nameZh, secondary: name };
  return { primary: name, secondary: nameZh && nameZh !== name ? nameZh : null };
}
