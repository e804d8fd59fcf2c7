// The runtime writes its access log to stdout (HEADWATER_ACCESS_LOG=on). A test that must read
// what an operator's log collector would read captures the lines written there, exactly as
// written, and restores stdout afterwards.

export interface AccessLogCapture {
  /** Every access log line written since the capture began, as written. */
  readonly raw: string[];
  /** The same lines, parsed. */
  lines(): Array<Record<string, unknown>>;
  stop(): void;
}

export function captureAccessLog(): AccessLogCapture {
  const raw: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = String(chunk);
    if (text.includes('"msg":"access"')) {
      raw.push(text);
      return true;
    }
    return (write as (...args: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
  }) as typeof process.stdout.write;
  return {
    raw,
    lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
    stop() {
      process.stdout.write = write;
    },
  };
}
