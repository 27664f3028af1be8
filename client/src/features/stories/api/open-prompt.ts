/**
 * The prompt a user last had open, so that coming back to the story bot (its nav link is plain
 * `/stories`) reopens it. Per tab (sessionStorage) and per user: another account signed in later in
 * the same tab does not land on a prompt it cannot see.
 */
const KEY = 'chorus.openPrompt';

interface OpenPrompt {
  userId: string;
  promptId: string;
}

function read(): OpenPrompt | null {
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (stored && typeof stored === 'object' && 'userId' in stored && 'promptId' in stored) return stored as OpenPrompt;
  } catch {
    // Not ours, or from an older version: nothing remembered.
  }
  return null;
}

export function rememberOpenPrompt(userId: string, promptId: string): void {
  sessionStorage.setItem(KEY, JSON.stringify({ userId, promptId } satisfies OpenPrompt));
}

/** The prompt gone (deleted, not found) or closed on purpose. */
export function forgetOpenPrompt(promptId?: string): void {
  if (promptId === undefined || read()?.promptId === promptId) sessionStorage.removeItem(KEY);
}

export function lastOpenPrompt(userId: string | undefined): string | null {
  const stored = read();
  return userId && stored?.userId === userId ? stored.promptId : null;
}
