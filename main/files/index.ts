export { createFileRegistry, type FileRegistry, type ReceiveOptions, type RecordKind } from './registry';
export { buildFileHandlers, type FileHandlerDeps, type FileHandlers } from './handlers';
