// What other modules may use of the users module (besides `User`, from user.entity.ts).
export { loadUser } from './user.loader.js';
export { userAggregate } from './user.events.js';
