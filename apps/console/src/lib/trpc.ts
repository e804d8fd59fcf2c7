'use client';

import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@headwater/runtime/router';

// The console only knows the runtime's router as a type: calls go to /api/trpc on our own origin.
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
