// Prepared-statement cache: each SQL text is prepared once per connection and reused (preparing costs far more
// than running a small statement, and the hot paths of a sale run dozens of them).
import type Database from 'better-sqlite3';
import type { Db } from './open';

export type Prepare = <P extends unknown[] | object = unknown[], R = unknown>(sql: string) => Database.Statement<P, R>;

export function statementCache(db: Db): Prepare {
  const cache = new Map<string, Database.Statement>();
  return (<P extends unknown[] | object, R>(sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt as unknown as Database.Statement<P, R>;
  }) as Prepare;
}
