export { DictionaryRepository } from './dictionary.repository.ts';
export { registerDictionaryRoutes } from './dictionary.routes.ts';
export { type Choices, DictionaryService } from './dictionary.service.ts';
export { dictionaryItems, dictionaryTypes } from './dictionary.table.ts';
