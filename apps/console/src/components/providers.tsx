'use client';

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { AppRouter } from '@headwater/runtime/router';
import { type ReactNode, useState } from 'react';
import { httpStatusOf } from '@/lib/api-errors';
import { TRPCProvider } from '@/lib/trpc';

/** Same-origin route handler that adds the admin token and forwards to the runtime. */
const API_URL = '/api/trpc';

/** A 401 means the token in the cookie stopped working (runtime restarted with a new one). */
function onUnauthorized(error: unknown) {
  if (httpStatusOf(error) !== 401 || typeof window === 'undefined') return;
  const next = window.location.pathname + window.location.search;
  window.location.assign(`/login?expired=1&next=${encodeURIComponent(next)}`);
}

function makeQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onUnauthorized }),
    mutationCache: new MutationCache({ onError: onUnauthorized }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        retry: (failureCount, error) => {
          const status = httpStatusOf(error);
          if (status !== undefined && status >= 400 && status < 500) return false;
          return failureCount < 2;
        },
      },
    },
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          // Server-sent events through the route handler: same origin, cookie sent automatically.
          true: httpSubscriptionLink({ url: API_URL }),
          false: httpBatchLink({ url: API_URL }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
