'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import './nav-links.css';

// A target's history page belongs to the grid it is reached from.
const onGrid = (p: string) => p === '/' || p.startsWith('/targets/') || (p.startsWith('/upstreams/') && p !== '/upstreams/new');

const LINKS = [
  { href: '/', label: 'Upstreams', active: onGrid },
  { href: '/upstreams/new', label: 'New upstream', active: (p: string) => p === '/upstreams/new' },
  { href: '/nodes', label: 'Nodes', active: (p: string) => p === '/nodes' },
  { href: '/events', label: 'Event log', active: (p: string) => p === '/events' },
  { href: '/config', label: 'Import / export', active: (p: string) => p === '/config' },
];

export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="nav">
      {LINKS.map((link) => (
        <Link key={link.href} href={link.href} className="nav-link" aria-current={link.active(pathname) ? 'page' : undefined}>
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
