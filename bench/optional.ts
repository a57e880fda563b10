// Benchmarks contributed by the device and sync layers; each returns rows for the table (or null when not available).
export interface OptionalBench {
  name: string;
  run(dir: string): Promise<(string | number)[][] | null>;
}

export const optionalBenches: OptionalBench[] = [];
