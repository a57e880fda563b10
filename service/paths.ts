// Where the till keeps its data: --data-dir, else TILL_DATA_DIR, else the OS's per-user app-data folder.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(appName = 'till', env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.TILL_DATA_DIR) return env.TILL_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), appName);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', appName);
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), appName);
}

export function ledgerPath(dataDir: string): string {
  return join(dataDir, 'ledger.sqlite');
}
