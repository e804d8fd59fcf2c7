import type { IncomingMessage } from 'node:http';

// A fake AI service's key check: OpenAI takes `authorization: Bearer <key>`, Anthropic takes
// `x-api-key: <key>`; either is accepted. A wrong or missing key gets OpenAI's 401.

/** The key a request presents, or null when it presents none. */
export function presentedKey(req: IncomingMessage): string | null {
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match ? match[1]! : null;
}

/** OpenAI's answer to a wrong key: the key shown as its first 3 and last 4 characters, as OpenAI shows it. */
export function invalidKeyBody(presented: string | null): unknown {
  if (presented === null) {
    return {
      error: {
        message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth.",
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    };
  }
  const shown = presented.length > 8 ? `${presented.slice(0, 3)}*****${presented.slice(-4)}` : '*****';
  return {
    error: {
      message: `Incorrect API key provided: ${shown}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    },
  };
}
