export { registerBrowserPhoneRoutes } from './browser-phone.routes.ts';
export { BrowserPhoneCredentials } from './browser-phone.ts';
export { ExtensionRepository } from './extension.repository.ts';
export { registerExtensionRoutes } from './extension.routes.ts';
export {
  ExtensionService,
  extensionHa1,
  type RegistrationContact,
  type RegistrationSource,
  type SipEndpoint,
} from './extension.service.ts';
export { extensions } from './extension.table.ts';
