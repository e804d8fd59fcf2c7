'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * Moves the keyboard focus to the first field marked invalid, once the messages are on
 * screen: after a refused save, the operator lands on what to fix, and hears its message.
 */
export function useFocusFirstInvalid<T extends HTMLElement = HTMLFormElement>() {
  const ref = useRef<T>(null);
  const [requests, setRequests] = useState(0);
  useEffect(() => {
    if (requests === 0) return;
    ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [requests]);
  return { ref, request: () => setRequests((n) => n + 1) };
}
