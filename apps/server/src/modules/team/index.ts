export { TeamRepository } from './team.repository.ts';
export { registerTeamRoutes } from './team.routes.ts';
export { TeamService } from './team.service.ts';
export { teams } from './team.table.ts';
