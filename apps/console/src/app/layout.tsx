import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';
import './buttons.css';

export const metadata: Metadata = {
  title: { default: 'Headwater console', template: '%s · Headwater' },
  description: 'Upstreams, targets and live health of the Headwater gateway.',
  robots: { index: false, follow: false },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
