export { importRepository, type ImportInput, type ImportResult } from './import-repository.js';
export { renderSpecSource } from './spec-source.js';
