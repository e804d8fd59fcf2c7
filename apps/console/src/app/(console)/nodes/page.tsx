import type { Metadata } from 'next';
import { NodesTable } from '@/components/nodes-table';

export const metadata: Metadata = { title: 'Nodes' };

export default function NodesPage() {
  return <NodesTable />;
}
