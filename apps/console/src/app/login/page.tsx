import type { Metadata } from 'next';
import { LoginForm } from '@/components/login-form';
import { safeNextPath } from '@/lib/safe-next-path';

export const metadata: Metadata = { title: 'Log in' };

type Props = { searchParams: Promise<{ next?: string | string[]; expired?: string | string[] }> };

export default async function LoginPage({ searchParams }: Props) {
  const query = await searchParams;
  return <LoginForm next={safeNextPath(query.next)} expired={query.expired === '1'} />;
}
