import type { Metadata } from 'next';
import { TargetEditor } from '@/components/target-editor';

type Props = { params: Promise<{ name: string; id: string }>; searchParams: Promise<{ dropped?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `Target of ${decodeURIComponent(name)}` };
}

export default async function TargetPage({ params, searchParams }: Props) {
  const { name, id } = await params;
  const { dropped } = await searchParams;
  // Names of the secrets a move dropped, carried over from the target's previous address.
  const droppedSecrets = typeof dropped === 'string' && dropped !== '' ? dropped.split(',') : [];
  return <TargetEditor upstream={decodeURIComponent(name)} id={decodeURIComponent(id)} droppedSecrets={droppedSecrets} />;
}
