// What other modules may use of the avatars module.
export { isUploadedAvatarPath, removeAvatarOf } from './avatar.service.js';
