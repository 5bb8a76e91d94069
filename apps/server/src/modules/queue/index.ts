export { QueueRepository } from './queue.repository.ts';
export { registerQueueRoutes } from './queue.routes.ts';
export { type AcdQueueSetup, type QueueDeps, QueueService } from './queue.service.ts';
export { queueMembers, queues } from './queue.table.ts';
