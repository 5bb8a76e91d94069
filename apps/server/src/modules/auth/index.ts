export { AuthRepository } from './auth.repository.ts';
export { registerAuthRoutes } from './auth.routes.ts';
export { AuthService } from './auth.service.ts';
export { apiTokens, sessions } from './auth.table.ts';
export { assertStrongPassword, generatePassword, hashPassword } from './password.ts';
