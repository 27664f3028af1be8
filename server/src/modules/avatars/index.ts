import type { ChorusModule } from '../../context/chorus-module.js';
import { avatarRoutes } from './avatar-http.js';
import { AvatarImage } from './avatar-image.entity.js';

/** Uploaded profile pictures: stored in PostgreSQL, served by content hash. */
export const avatarsModule: ChorusModule = {
  name: 'avatars',
  entities: [AvatarImage],
  resolvers: [],
  httpRoutes: avatarRoutes,
};
