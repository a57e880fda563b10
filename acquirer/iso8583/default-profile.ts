// The field profiles shipped with the till, loaded from JSON and validated (an acquirer's own spec is another file).
// Pure data loading through the bundler's JSON import; never imports service/, web/, cli/, renderer/ or electron.
import defaultJson from './profiles/default.json';
import asciiJson from './profiles/ascii.json';
import { parseProfile, type Iso8583Profile } from './profile';

/** Packed 1987 layout: BCD MTI/numerics/length prefixes, binary bitmaps; 60 batch, 62 UUID, 63 totals. */
export const defaultProfile: Iso8583Profile = parseProfile(defaultJson);
/** Character 1987 layout: ASCII everything, hex-text bitmaps; our UUID in 48. */
export const asciiProfile: Iso8583Profile = parseProfile(asciiJson);
