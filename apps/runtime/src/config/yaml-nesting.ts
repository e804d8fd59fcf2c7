import { HeadwaterError, errorCodes } from '@headwater/core';
import { CST, Lexer } from 'yaml';

/**
 * The deepest nesting a config text may have, counted two ways: open flow collections
 * (`[`, `{`), and nested block entries on one line (`- - - x`, `? ? x`). A real config needs
 * fewer than ten. The YAML parser's time grows steeply with nesting: measured here, 150 KB of
 * `[` took 5 s and 500 KB 10 s and half a gigabyte, all on the event loop the data plane shares.
 */
const MAX_NESTING = 64;

/**
 * Refuses a text nested deeper than `MAX_NESTING` before it is parsed. The lexer is linear
 * and stops at the first level too deep, so a hostile text costs what reading it costs.
 */
export function assertShallowYaml(text: string, source: string): void {
  let flowDepth = 0;
  let entriesOnLine = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'flow-map-start' || type === 'flow-seq-start') flowDepth++;
    else if (type === 'flow-map-end' || type === 'flow-seq-end') flowDepth = Math.max(0, flowDepth - 1);
    else if (type === 'newline') entriesOnLine = 0;
    else if (type === 'seq-item-ind' || type === 'explicit-key-ind') entriesOnLine++;
    if (flowDepth > MAX_NESTING || entriesOnLine > MAX_NESTING) {
      const message = `is nested more than ${MAX_NESTING} levels deep`;
      throw new HeadwaterError(errorCodes.INVALID_CONFIG, `${source}: ${message}`, [{ path: source, message }]);
    }
  }
}
