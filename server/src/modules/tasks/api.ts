// What other modules may use of the tasks module.
export { removeTasksOf } from './task.service.js';
