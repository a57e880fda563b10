// Failpoints for crash tests: TILL_FAILPOINT=<name> makes the process kill itself (SIGKILL, no cleanup) when it
// reaches that step, so tests can prove what survives a crash at exactly that point. Inert when unset.
export type Failpoint = (name: string) => void;

export function failpointFromEnv(env: NodeJS.ProcessEnv = process.env): Failpoint {
  const wanted = new Set((env.TILL_FAILPOINT ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  if (wanted.size === 0) return () => {};
  return (name) => {
    if (wanted.has(name)) process.kill(process.pid, 'SIGKILL');
  };
}
