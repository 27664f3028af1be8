import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../../context/request-context.js';
import { type ConnectionShape, entityKeyset, keysetConnection, keysetCursor, overfetched, type PageArgs, pageSize, paginate } from '../../shared/pagination/index.js';
import { Prompt } from '../prompts/prompt.entity.js';
import { Story } from './story.entity.js';

export const STORY_ORDER = { createdAt: 'desc', id: 'desc' } as const;

/**
 * `Prompt.stories`. The first page of every prompt on a page of prompts is one SQL statement
 * (a window over the prompts asked for), not one per prompt; later pages (`after`) are per prompt.
 */
export async function promptStories(context: RequestContext, prompt: Pick<Prompt, 'id'>, args: PageArgs): Promise<ConnectionShape<Story>> {
  if (args.after) return paginate(context.em, Story, { promptId: prompt.id }, args, STORY_ORDER);
  const first = pageSize(args.first);
  const fetched = await context.loader<string, Story[]>(`prompt.stories:${first}`, (ids, em) => firstStories(em, ids, first + 1)).load(prompt.id);
  // The cursors `paginate` writes for the same order, so a later page goes on from this one.
  const keyset = entityKeyset(context.em, Story, STORY_ORDER);
  return keysetConnection(
    overfetched(fetched, first),
    (story) => keysetCursor(keyset, story),
    () => context.loader<string, number>('prompt.storyCount', countStories).load(prompt.id),
  );
}

async function firstStories(em: EntityManager, promptIds: readonly string[], limit: number): Promise<Story[][]> {
  const rows: Record<string, unknown>[] = await em.execute(
    `select * from (
       select s.*, row_number() over (partition by s.prompt_id order by s.created_at desc, s.id desc) as page_rank
       from story s where s.prompt_id in (?)) ranked
     where page_rank <= ? order by page_rank`,
    [promptIds, limit],
  );
  const byPrompt = new Map<string, Story[]>(promptIds.map((id) => [id, []]));
  for (const { page_rank: _rank, ...row } of rows) byPrompt.get(row.prompt_id as string)?.push(em.map(Story, row));
  return promptIds.map((id) => byPrompt.get(id)!);
}

async function countStories(promptIds: readonly string[], em: EntityManager): Promise<number[]> {
  const rows: { prompt_id: string; count: string }[] = await em.execute(
    'select prompt_id, count(*) as count from story where prompt_id in (?) group by prompt_id',
    [promptIds],
  );
  const counts = new Map(rows.map((row) => [row.prompt_id, Number(row.count)]));
  return promptIds.map((id) => counts.get(id) ?? 0);
}
