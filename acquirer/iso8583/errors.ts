// Typed ISO 8583 errors: the only things the codec and the deframer ever throw. Pure; imports nothing.

export type DecodeErrorCode =
  | 'EMPTY'
  | 'TOO_LONG'
  | 'TRUNCATED'
  | 'BAD_MTI'
  | 'BAD_BITMAP'
  | 'UNKNOWN_FIELD'
  | 'BAD_LENGTH_PREFIX'
  | 'LENGTH_OVER_MAX'
  | 'BAD_BCD'
  | 'BAD_CHARSET'
  | 'TRAILING_BYTES'
  | 'FRAME_TOO_LONG'
  | 'EMPTY_FRAME'
  | 'INTERNAL';

/** Bytes from the wire did not make a valid message for this profile. `offset` is where reading stopped. */
export class Iso8583DecodeError extends Error {
  override readonly name = 'Iso8583DecodeError';
  constructor(
    readonly code: DecodeErrorCode,
    message: string,
    readonly offset: number,
    readonly fieldNumber?: number,
  ) {
    super(fieldNumber === undefined ? `${code} at byte ${offset}: ${message}` : `${code} in field ${fieldNumber} at byte ${offset}: ${message}`);
  }
}

export type EncodeErrorCode = 'BAD_MTI' | 'UNKNOWN_FIELD' | 'BAD_VALUE' | 'BAD_LENGTH' | 'TOO_LONG';

/** Our own caller built a message this profile cannot carry: a programming error, never a wire problem. */
export class Iso8583EncodeError extends Error {
  override readonly name = 'Iso8583EncodeError';
  constructor(
    readonly code: EncodeErrorCode,
    message: string,
    readonly fieldNumber?: number,
  ) {
    super(fieldNumber === undefined ? `${code}: ${message}` : `${code} in field ${fieldNumber}: ${message}`);
  }
}
