import type { Metadata } from 'next';
import { CreateUpstreamForm } from '@/components/create-upstream-form';

export const metadata: Metadata = { title: 'New upstream' };

export default function NewUpstreamPage() {
  return <CreateUpstreamForm />;
}
