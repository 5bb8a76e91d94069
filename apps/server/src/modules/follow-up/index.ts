export { FollowUpRepository } from './follow-up.repository.ts';
export { registerFollowUpRoutes } from './follow-up.routes.ts';
export { FollowUpService } from './follow-up.service.ts';
export { appointments, followUps, opportunities } from './follow-up.table.ts';
