export { NumberListRepository } from './number-list.repository.ts';
export { registerNumberListRoutes } from './number-list.routes.ts';
export { NumberListService, type NumberListView } from './number-list.service.ts';
export { numberListEntries } from './number-list.table.ts';
