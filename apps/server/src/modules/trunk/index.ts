export { fileKey, type SecretBox, secretBox } from './secret-box.ts';
export { TrunkRepository } from './trunk.repository.ts';
export { registerTrunkRoutes } from './trunk.routes.ts';
export { type SwitchTrunk, TrunkService, type TrunkStatusSource } from './trunk.service.ts';
export { trunkGroups, trunks } from './trunk.table.ts';
