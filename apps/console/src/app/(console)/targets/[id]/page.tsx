import type { Metadata } from 'next';
import { TargetHistory } from '@/components/target-history';

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: 'Target history' };

export default async function TargetHistoryPage({ params }: Props) {
  const { id } = await params;
  return <TargetHistory id={decodeURIComponent(id)} />;
}
