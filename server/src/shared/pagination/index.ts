// One pagination module: the cursor codec, the page arguments, the connection types and the keyset
// connection builder every paged list uses.
export { ConnectionType, type ConnectionShape, PageInfo } from './connection.js';
export { type CursorValueKind, cursorText, decodeKeyset, encodeKeyset, invalidCursor, toCursor } from './cursor-codec.js';
export { entityKeyset, type Keyset, keysetAfter, keysetConnection, keysetCursor, type KeysetPage, overfetched } from './keyset.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageArgs, pageSize } from './page-args.js';
export { paginate } from './paginate.js';
