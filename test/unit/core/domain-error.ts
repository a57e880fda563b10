// Test helper for core: the DomainError code a call throws (fails when it throws nothing or something else).
import { DomainError } from '../../../core';

export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error('expected a DomainError');
}
