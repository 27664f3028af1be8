import { ObjectType } from 'type-graphql';
import { ChangeEventType } from '../../events/change-event.type.js';
import { ConnectionType } from '../../shared/pagination/index.js';
import { Prompt } from './prompt.entity.js';

@ObjectType()
export class PromptConnection extends ConnectionType(Prompt, { streamed: true }) {}

@ObjectType()
export class PromptEvent extends ChangeEventType(Prompt, 'prompt') {}
