import type { Metadata } from 'next';
import { LoginForm } from '@/components/login-form';

export const metadata: Metadata = { title: 'Log in' };

type Props = { searchParams: Promise<{ next?: string | string[]; expired?: string | string[] }> };

export default async function LoginPage({ searchParams }: Props) {
  const query = await searchParams;
  return <LoginForm next={safeNext(query.next)} expired={query.expired === '1'} />;
}

/** Only same-site paths: `next` must never send the operator to another origin. */
function safeNext(value: string | string[] | undefined): string {
  const next = Array.isArray(value) ? value[0] : value;
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return '/';
  return next;
}
