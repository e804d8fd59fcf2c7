'use client';

import { type FormEvent, useCallback, useEffect, useState } from 'react';
import './forms.css';
import './login-form.css';

// Paste the runtime's admin token, or arrive with /login#token=... (the fragment never
// reaches any server log). The token is checked by the runtime and kept in an httpOnly
// cookie; the fragment is wiped from the address bar and history before anything else.

type Status = { kind: 'idle' } | { kind: 'checking' } | { kind: 'error'; message: string };

export function LoginForm({ next, expired }: { next: string; expired: boolean }) {
  const [token, setToken] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const logIn = useCallback(
    async (value: string) => {
      setStatus({ kind: 'checking' });
      try {
        const response = await fetch('/api/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token: value }),
        });
        if (response.ok) {
          window.location.replace(next);
          return;
        }
        const body = (await response.json().catch(() => ({}))) as { error?: string };
        setStatus({ kind: 'error', message: body.error ?? `login failed (HTTP ${response.status})` });
      } catch {
        setStatus({ kind: 'error', message: 'the console did not answer; is it running?' });
      }
    },
    [next],
  );

  useEffect(() => {
    const fromHash = () => {
      const match = /(?:^#|&)token=([^&]*)/.exec(window.location.hash);
      if (!match) return;
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
      const value = decodeURIComponent(match[1] ?? '');
      if (value) void logIn(value);
    };
    fromHash();
    // Pasting the link while already on /login only changes the fragment: no new page load.
    window.addEventListener('hashchange', fromHash);
    return () => window.removeEventListener('hashchange', fromHash);
  }, [logIn]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void logIn(token);
  };

  const checking = status.kind === 'checking';
  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} noValidate aria-label="Log in">
        <h1>
          <span className="brand-mark" aria-hidden="true">
            ≋
          </span>{' '}
          Headwater
        </h1>
        <p className="muted">Paste the runtime&apos;s admin token (printed when the runtime starts, or HEADWATER_ADMIN_TOKEN).</p>
        {expired && status.kind === 'idle' && (
          <p className="alert alert-warn" role="status">
            Your session is no longer accepted by the runtime. Log in again.
          </p>
        )}
        <div className={`field${status.kind === 'error' ? ' field-invalid' : ''}`}>
          <label htmlFor="admin-token">Admin token</label>
          <input
            id="admin-token"
            name="token"
            type="password"
            className="mono"
            autoComplete="current-password"
            // biome-ignore lint/a11y/noAutofocus: the page's only field; the operator came here to paste into it.
            autoFocus
            value={token}
            onChange={(e) => {
              setToken(e.target.value);
              if (status.kind === 'error') setStatus({ kind: 'idle' });
            }}
            aria-invalid={status.kind === 'error'}
            aria-describedby={status.kind === 'error' ? 'login-error' : undefined}
          />
          {status.kind === 'error' && (
            <p className="field-error" id="login-error" role="alert">
              {status.message}
            </p>
          )}
        </div>
        <button type="submit" className="btn btn-primary btn-block" disabled={checking || token.trim() === ''}>
          {checking ? 'Checking…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
