import { RateLimitCounter } from '../auth/rate-limit.entity.js';
import { RefreshSession } from '../auth/refresh-session.entity.js';
import { DomainEvent } from '../events/domain-event.entity.js';
import { AvatarImage } from '../modules/avatars/avatar-image.entity.js';
import { Prompt } from '../modules/stories/prompt.entity.js';
import { Story } from '../modules/stories/story.entity.js';
import { Task } from '../modules/tasks/task.entity.js';
import { Tweet, TweetLike } from '../modules/tweets/tweet.entity.js';
import { User } from '../modules/users/user.entity.js';
import { ClientMutation } from '../shared/client-mutation.entity.js';

/** Every MikroORM entity, as classes (globs do not work under vitest or in the compiled build). */
export const ENTITIES = [User, RefreshSession, DomainEvent, RateLimitCounter, Task, Tweet, TweetLike, Prompt, Story, AvatarImage, ClientMutation];
