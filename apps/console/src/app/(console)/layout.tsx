import Link from 'next/link';
import type { ReactNode } from 'react';
import { DatabaseBanner } from '@/components/database-banner';
import { NavLinks } from '@/components/nav-links';
import { Providers } from '@/components/providers';
import './console-layout.css';

// Everything behind the login: the header, the database outage banner, and the tRPC + React Query providers.

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <Providers>
      <header className="topbar">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ≋
          </span>{' '}
          Headwater
        </Link>
        <NavLinks />
        <form action="/api/logout" method="post" className="topbar-end">
          <button type="submit" className="btn btn-small btn-topbar">
            Log out
          </button>
        </form>
      </header>
      <DatabaseBanner />
      <main className="main">{children}</main>
    </Providers>
  );
}
