import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Dashboard } from '@/components/dashboard';

export const metadata: Metadata = { title: 'Upstreams' };

// The dashboard reads its view from `?view=`: rendered in the browser, inside this boundary.
export default function HomePage() {
  return (
    <Suspense
      fallback={
        <div className="page">
          <h1>Upstreams</h1>
          <p className="muted">Loading upstreams…</p>
        </div>
      }
    >
      <Dashboard />
    </Suspense>
  );
}
