// What the benchmark sends and what its backends answer, in one place: the orchestrator hands
// them to the child processes (backends, load generators) as JSON, and writes the nginx
// backend's canned answer from the same text, so every arm moves the same bytes.

/** A short OpenAI-style chat completion request (non-streaming). */
export const REQUEST_BODY = JSON.stringify({ model: 'bench', messages: [{ role: 'user', content: 'Say hello.' }] });

/** The same request asking for a stream (Server-Sent Events). */
export const STREAM_REQUEST_BODY = JSON.stringify({ model: 'bench', stream: true, messages: [{ role: 'user', content: 'Say hello.' }] });

const ANSWER_BYTES = 1024;

function completionBody(): string {
  const shell = (content: string) =>
    JSON.stringify({
      id: 'chatcmpl-bench-0001',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'bench',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 9, completion_tokens: 180, total_tokens: 189 },
    });
  const filler = 'Hello from the benchmark backend, one token after another. ';
  let content = '';
  while (shell(content + filler).length <= ANSWER_BYTES) content += filler;
  return shell(content + 'x'.repeat(ANSWER_BYTES - shell(content).length));
}

/** A 1 KB non-streaming chat completion (exactly ANSWER_BYTES bytes of ASCII JSON). */
export const COMPLETION_BODY = completionBody();

/** One SSE event of a streamed completion (`data: {...}\n\n`). */
export const STREAM_CHUNK = `data: ${JSON.stringify({
  id: 'chatcmpl-bench-0001',
  object: 'chat.completion.chunk',
  created: 1_700_000_000,
  model: 'bench',
  choices: [{ index: 0, delta: { content: ' token' }, finish_reason: null }],
})}\n\n`;

/** The last event of a stream. */
export const STREAM_DONE = 'data: [DONE]\n\n';
