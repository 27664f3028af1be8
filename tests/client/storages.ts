// localStorage stand-ins for the client tests: one shared by a test's "tabs", or one copy per tab as
// Chromium has it.

/** localStorage shared by the "tabs" of one test. */
export function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

/**
 * localStorage as Chromium gives it to tabs in different processes: each tab reads its own copy, and
 * another tab's write reaches that copy `lagMs` later — after the Web Lock may have changed hands.
 * Writes apply in the order they were made (a late one never undoes a newer one).
 */
export function laggingStorages(tabs: number, lagMs: number): Storage[] {
  let writes = 0;
  const copies = Array.from({ length: tabs }, () => ({ items: memoryStorage(), applied: new Map<string, number>() }));
  const apply = (copy: (typeof copies)[number], key: string, value: string | null, write: number) => {
    if ((copy.applied.get(key) ?? 0) > write) return;
    copy.applied.set(key, write);
    if (value === null) copy.items.removeItem(key);
    else copy.items.setItem(key, value);
  };
  const change = (own: (typeof copies)[number], key: string, value: string | null) => {
    const write = ++writes;
    apply(own, key, value, write);
    for (const other of copies) if (other !== own) setTimeout(() => apply(other, key, value, write), lagMs);
  };
  return copies.map((own) => ({
    ...own.items,
    get length() {
      return own.items.length;
    },
    setItem: (key, value) => change(own, key, value),
    removeItem: (key) => change(own, key, null),
  }));
}
