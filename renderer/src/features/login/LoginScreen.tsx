// Login: pick who is working, then the PIN on the on-screen pad or the keyboard. Shows the lockout time left.
// The PIN field blocks the scanner wedge (a PIN typed fast is still a PIN). Calls the session store only.
import { useEffect, useState, type FormEvent } from 'react';
import type { TillError, UserView } from '../../../../service/contract';
import { Keypad, applyKeypadKey, type KeypadKey } from '../../components/Keypad';
import { Icon } from '../../components/Icon';
import { useKeyScope } from '../../components/hooks';
import { formatDuration } from '../../i18n/format';
import { useSessionStore } from '../../stores/session';
import { errorText, useT, useUiStore } from '../../stores/ui';
import { lockoutEndsAt } from './lockout';

export function LoginScreen() {
  const t = useT();
  const users = useSessionStore((s) => s.users);
  const loadUsers = useSessionStore((s) => s.loadUsers);
  const [user, setUser] = useState<UserView | null>(null);

  useEffect(() => {
    void loadUsers();
  }, [loadUsers]);

  useKeyScope(
    (event) => {
      if (user) return false;
      // Digits 1–9 pick the n-th user: the whole login works from the keyboard.
      const n = Number(event.key);
      if (Number.isInteger(n) && n >= 1 && n <= users.length) {
        setUser(users[n - 1] ?? null);
        return true;
      }
      return false;
    },
    { blocksScanner: true },
  );

  return (
    <main className="login" data-testid="login-screen">
      <section className="login-panel">
        <h1 className="login-title">{t('login.title')}</h1>
        {user ? (
          <PinEntry user={user} onBack={() => setUser(null)} />
        ) : (
          <>
            <h2 className="section-title">{t('login.pickUser')}</h2>
            {users.length === 0 ? <p className="muted">{t('login.noUsers')}</p> : null}
            <ul className="user-list">
              {users.map((u, i) => (
                <li key={u.username}>
                  <button type="button" className="user-card" onClick={() => setUser(u)} data-testid={`user-${u.username}`} autoFocus={i === 0}>
                    <span className="user-avatar" aria-hidden="true">
                      {u.displayName.slice(0, 1).toUpperCase()}
                    </span>
                    <span className="user-name">{u.displayName}</span>
                    <span className="user-role">{t(`role.${u.role}`)}</span>
                    <kbd className="action-key">{i + 1}</kbd>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </main>
  );
}

function PinEntry({ user, onBack }: { user: UserView; onBack(): void }) {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const login = useSessionStore((s) => s.login);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ error: TillError; endsAt: number | null } | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const locked = error?.endsAt != null && error.endsAt > now;
  useEffect(() => {
    if (!error?.endsAt) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [error]);

  useKeyScope(
    (event) => {
      if (event.key === 'Escape') {
        onBack();
        return true;
      }
      return false;
    },
    { blocksScanner: true },
  );

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy || pin === '' || locked) return;
    setBusy(true);
    const r = await login(user.username, pin);
    setBusy(false);
    setPin('');
    if (!r.ok) {
      const receivedAt = Date.now();
      setNow(receivedAt);
      setError({ error: r.error, endsAt: r.error.code === 'LOCKED_OUT' ? lockoutEndsAt(r.error, receivedAt) : null });
    }
  };

  const onKey = (key: KeypadKey) => {
    if (key === 'enter') void submit();
    else setPin((p) => applyKeypadKey(p, key, 8));
  };

  return (
    <form className="pin-entry" onSubmit={submit}>
      <div className="pin-user">
        <span className="user-avatar" aria-hidden="true">
          {user.displayName.slice(0, 1).toUpperCase()}
        </span>
        <div>
          <div className="user-name">{user.displayName}</div>
          <div className="user-role">{t(`role.${user.role}`)}</div>
        </div>
      </div>
      <label className="field">
        <span className="field-label">{t('login.pinFor', { name: user.displayName })}</span>
        <input
          className="input input-pin"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
          autoFocus
          data-testid="pin-input"
          aria-invalid={error ? true : undefined}
        />
      </label>
      {error ? (
        <p className="field-error" role="alert" data-testid="login-error">
          <Icon name={error.error.code === 'LOCKED_OUT' ? 'stop' : 'attention'} />
          <span>
            {errorText(error.error, language)}
            {error.endsAt != null ? (
              <strong className="lockout-left">
                {' '}
                {locked ? t('login.lockedOut', { time: formatDuration((error.endsAt - now) / 1000, language) }) : t('login.lockedOutNow')}
              </strong>
            ) : null}
          </span>
        </p>
      ) : null}
      <Keypad onKey={onKey} extraKey="none" className="keypad-pin" enterLabel={`${t('login.submit')} ⏎`} label={t('login.pin')} />
      <div className="row">
        <button type="button" className="action action-quiet" onClick={onBack}>
          <span className="action-label">{t('login.otherUser')}</span>
          <kbd className="action-key">Esc</kbd>
        </button>
        <button type="submit" className="action action-primary grow" disabled={busy || pin === '' || locked} data-testid="login-submit">
          <span className="action-label">{t('login.submit')}</span>
          <kbd className="action-key">Enter</kbd>
        </button>
      </div>
    </form>
  );
}
