/** Written at once past this many bytes, so a burst of lines in one turn never piles up. */
const FLUSH_BYTES = 64 * 1024;

/**
 * Lines for stdout, written once per turn of the event loop (setImmediate) rather than once
 * per request: one write call and one syscall for every request that ended in the same turn.
 * Lines still pending when the process exits are written by its 'exit' handler (stdout to a
 * file or a pipe is synchronous on Linux, so they are not lost).
 */
class BatchedStdout {
  private pending = '';
  private scheduled = false;
  private hooked = false;
  private readonly flushNow = () => this.flush();

  add(text: string): void {
    this.pending += text;
    if (this.pending.length >= FLUSH_BYTES) {
      this.flush();
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flushNow);
    if (!this.hooked) {
      this.hooked = true;
      process.once('exit', this.flushNow);
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    process.stdout.write(text);
  }
}

/** One batch for the process, as there is one stdout. */
export const batchedStdout = new BatchedStdout();
