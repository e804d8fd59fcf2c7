import type { Metadata } from 'next';
import { ConfigTransfer } from '@/components/config-transfer';

export const metadata: Metadata = { title: 'Import and export' };

export default function ConfigPage() {
  return <ConfigTransfer />;
}
