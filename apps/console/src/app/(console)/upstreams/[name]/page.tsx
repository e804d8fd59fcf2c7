import type { Metadata } from 'next';
import { UpstreamEditor } from '@/components/upstream-editor';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: decodeURIComponent(name) };
}

export default async function UpstreamPage({ params }: Props) {
  const { name } = await params;
  return <UpstreamEditor name={decodeURIComponent(name)} />;
}
