// Use cases: log in and out, users and their PINs. Writes audit entries in the same transaction as each change.
import type { TillContext, UserRow } from './context';
import { fail } from './context';
import type { SessionView, TillParsedInput, UserView } from './contract';
import { hashPin } from './pin';

export function userView(row: UserRow): UserView {
  return { username: row.username, displayName: row.display_name, role: row.role, language: row.language, active: row.active === 1 };
}

function sessionView(ctx: TillContext): SessionView | null {
  return ctx.session ? { user: userView(ctx.session.user), loggedInAt: ctx.session.loggedInAt } : null;
}

export function sessionService(ctx: TillContext) {
  const allUsers = () => ctx.sql<[], UserRow>('SELECT * FROM users ORDER BY role, username').all();
  return {
    'session.users': () => allUsers().filter((u) => u.active === 1).map(userView),

    'session.login': ({ username, pin }: TillParsedInput<'session.login'>) => {
      const user = ctx.userByName(username);
      // Same answer for an unknown user and a wrong PIN: the login screen must not confirm who exists.
      if (!user || user.active !== 1) fail('BAD_PIN', {});
      ctx.checkPin(user, pin);
      const fresh = ctx.userById(user.user_id)!;
      ctx.tx(() => ctx.audit.append({ at: ctx.now(), actor: user.username, action: 'login', detail: { role: user.role } }));
      ctx.session = { user: fresh, loggedInAt: ctx.now() };
      return sessionView(ctx)!;
    },

    'session.logout': () => {
      const user = ctx.session?.user;
      if (user) ctx.tx(() => ctx.audit.append({ at: ctx.now(), actor: user.username, action: 'logout', detail: {} }));
      ctx.session = null;
      return null;
    },

    'session.current': () => sessionView(ctx),

    'session.setLanguage': ({ language }: TillParsedInput<'session.setLanguage'>) => {
      const user = ctx.requireUser();
      ctx.sql('UPDATE users SET language = ? WHERE user_id = ?').run(language, user.user_id);
      ctx.session = { ...ctx.session!, user: ctx.userById(user.user_id)! };
      return sessionView(ctx)!;
    },

    'users.list': () => {
      ctx.requireUser('manager', 'tech');
      return allUsers().map(userView);
    },

    'users.create': (input: TillParsedInput<'users.create'>) => {
      const manager = ctx.requireUser('manager');
      if (ctx.userByName(input.username)) fail('VALIDATION_FAILED', { field: 'username', reason: 'exists' });
      const userId = ctx.ids();
      ctx.tx(() => {
        ctx.sql(
            'INSERT INTO users (user_id, username, display_name, role, pin_hash, language, active, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)',
          )
          .run(userId, input.username, input.displayName, input.role, hashPin(input.pin), input.language, ctx.now());
        ctx.audit.append({ at: ctx.now(), actor: manager.username, action: 'user.create', detail: { username: input.username, role: input.role } });
      });
      return userView(ctx.userById(userId)!);
    },

    'users.setPin': ({ username, pin }: TillParsedInput<'users.setPin'>) => {
      const actor = ctx.requireUser();
      const target = ctx.userByName(username) ?? fail('VALIDATION_FAILED', { field: 'username', reason: 'unknown' });
      // A user may change their own PIN; only a manager may set someone else's.
      if (actor.user_id !== target.user_id && actor.role !== 'manager') fail('FORBIDDEN', { role: actor.role });
      ctx.tx(() => {
        ctx.sql('UPDATE users SET pin_hash = ?, failed_attempts = 0, locked_until = NULL WHERE user_id = ?').run(hashPin(pin), target.user_id);
        ctx.audit.append({ at: ctx.now(), actor: actor.username, action: 'user.setPin', detail: { username } });
      });
      return userView(ctx.userById(target.user_id)!);
    },

    'users.setActive': ({ username, active }: TillParsedInput<'users.setActive'>) => {
      const manager = ctx.requireUser('manager');
      const target = ctx.userByName(username) ?? fail('VALIDATION_FAILED', { field: 'username', reason: 'unknown' });
      if (target.user_id === manager.user_id && !active) fail('FORBIDDEN', { reason: 'self' });
      ctx.tx(() => {
        ctx.sql('UPDATE users SET active = ? WHERE user_id = ?').run(active ? 1 : 0, target.user_id);
        ctx.audit.append({ at: ctx.now(), actor: manager.username, action: 'user.setActive', detail: { username, active } });
      });
      return userView(ctx.userById(target.user_id)!);
    },
  };
}
