import { ArgsType, Field, Int } from 'type-graphql';
import { badInput } from '../errors.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The arguments of every paged list; extended by lists with filters of their own. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size: default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}.` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  after?: string | null;
}

export function pageSize(first: number | null | undefined): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0) throw badInput({ first: 'must be a non-negative integer' });
  if (first > MAX_PAGE_SIZE) throw badInput({ first: `must be at most ${MAX_PAGE_SIZE}` });
  return first;
}
