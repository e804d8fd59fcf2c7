// The least HTTP/1.1 the bench's own load generators and backends need, over raw sockets:
// Node's HTTP machinery costs tens of microseconds a message, and on the load's core that
// time would be taken from the load, not from the proxy under test. Messages are framed by
// Content-Length or chunked encoding (no trailers); every peer here is one of ours or a proxy
// relaying them.

const HEAD_END = '\r\n\r\n';

/**
 * Splits the next whole message off the front of `buffer` (a latin1 string).
 * Returns undefined while it is incomplete, else { head, body, rest }.
 */
export function nextMessage(buffer) {
  const headEnd = buffer.indexOf(HEAD_END);
  if (headEnd === -1) return undefined;
  const head = buffer.slice(0, headEnd);
  const start = headEnd + HEAD_END.length;
  const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head);
  if (length) {
    const end = start + Number(length[1]);
    return buffer.length < end ? undefined : { head, body: buffer.slice(start, end), rest: buffer.slice(end) };
  }
  if (/\r\ntransfer-encoding:[ \t]*chunked/i.test(head)) return chunked(buffer, head, start);
  return { head, body: '', rest: buffer.slice(start) };
}

function chunked(buffer, head, start) {
  let body = '';
  let at = start;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd === -1) return undefined;
    const size = Number.parseInt(buffer.slice(at, lineEnd), 16);
    if (size === 0) {
      const end = buffer.indexOf('\r\n', lineEnd + 2);
      return end === -1 ? undefined : { head, body, rest: buffer.slice(end + 2) };
    }
    if (buffer.length < lineEnd + 2 + size + 2) return undefined;
    body += buffer.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

/** A header's value from a message head, or undefined. */
export function header(head, name) {
  return new RegExp(`\\r\\n${name}:[ \\t]*([^\\r]*)`, 'i').exec(head)?.[1];
}

/** One chunk of a chunked body. */
export function chunk(text) {
  return `${Buffer.byteLength(text, 'latin1').toString(16)}\r\n${text}\r\n`;
}
