import type { Metadata } from 'next';
import { Dashboard } from '@/components/dashboard';

export const metadata: Metadata = { title: 'Upstreams' };

export default function HomePage() {
  return <Dashboard />;
}
