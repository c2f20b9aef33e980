/** The voice assistant: conversations, limits, three engines, function calls (see README.md). */
export { createAssistantService, type AssistantService, type AssistantDeps, type AssistantEmit } from './service';
export { buildAssistantHandlers, type AssistantHandlers } from './handlers';
export { createConfigStore, parseIntents, parsePrompt, builtinText, ConfigError, type ConfigStore, type AssistantConfig } from './config';
export { createExecutor, type Executor, type ExecutorDeps, type CallOutcome } from './executor';
export { parseOffline, type ParsedIntent } from './offline-parser';
export { sentenceSplitter, createSpeaker } from './speaker';
export { usage, checkStart } from './limits';
export { createAssistant, type AssistantParts, type AssistantPartsDeps } from './compose';
