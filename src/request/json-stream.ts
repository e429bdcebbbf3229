// Reads a JSON response body chunk by chunk. A top-level array is handed over element by
// element as it arrives (so a 200 MB list never sits in memory whole); anything else is given
// back at once, for the reader's usual, size-bounded buffering.

import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, JsonTooDeep, MAX_JSON_DEPTH, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './json-depth';

const COMMA = 0x2c;

/**
 * Feed text chunks; each feed returns the elements of a top-level array completed by it, or
 * `notAnArray` with all the text fed so far once the document turns out to be something else.
 * `end()` returns the document when it was an empty array, undefined when it was streamed.
 */
export class JsonArrayStream {
  private mode: 'start' | 'array' | 'after' = 'start';
  private pending = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private elementStart = -1;
  streamedItems = 0;

  feed(chunk: string): unknown[] | { notAnArray: string } {
    if (this.mode === 'start') {
      const text = this.pending + chunk;
      const first = text.search(/\S/);
      this.pending = first < 0 ? text : '';
      if (first < 0) return [];
      if (text.charCodeAt(first) !== OPEN_ARRAY) return { notAnArray: text };
      this.mode = 'array';
      this.depth = 1;
      return this.scan(text.slice(first + 1));
    }
    return this.scan(chunk);
  }

  private scan(chunk: string): unknown[] {
    const text = this.pending + chunk;
    let start = this.elementStart < 0 ? -1 : 0;
    const items: unknown[] = [];
    let i = this.pending.length;
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (this.mode === 'after') {
        if (code > 0x20) throw new SyntaxError('unexpected text after the end of the JSON array');
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (code === BACKSLASH) this.escaped = true;
        else if (code === QUOTE) this.inString = false;
        continue;
      }
      if (start < 0 && code > 0x20 && code !== COMMA && !(code === CLOSE_ARRAY && this.depth === 1)) start = i;
      if (code === QUOTE) this.inString = true;
      else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
        if (++this.depth > MAX_JSON_DEPTH + 1) throw new JsonTooDeep(`nested more than ${MAX_JSON_DEPTH} levels deep`);
      } else if ((code === COMMA || code === CLOSE_ARRAY) && this.depth === 1) {
        if (start >= 0) items.push(JSON.parse(text.slice(start, i)));
        else if (code === COMMA || this.streamedItems + items.length > 0) throw new SyntaxError('empty element in the JSON array');
        start = -1;
        if (code === CLOSE_ARRAY) {
          this.depth = 0;
          this.mode = 'after';
        }
      } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) this.depth--;
    }
    // Keep the unfinished element for the next chunk.
    this.pending = start >= 0 ? text.slice(start) : '';
    this.elementStart = start >= 0 ? 0 : -1;
    this.streamedItems += items.length;
    return items;
  }

  end(): unknown {
    // Nothing but whitespace: an empty body, as when buffered.
    if (this.mode === 'start') return undefined;
    if (this.mode !== 'after') throw new SyntaxError(`Unexpected end of JSON input (after ${this.streamedItems} complete array elements)`);
    // An empty array was never handed over: it is the document.
    return this.streamedItems === 0 ? [] : undefined;
  }
}
