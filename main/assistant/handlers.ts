/** The assistant channels bound to the service and the config store: one line each. */
import type { assistantChannels } from '../../contract/assistant';
import type { HandlersOf } from '../ipc';
import type { ConfigStore } from './config';
import type { AssistantService } from './service';

export type AssistantHandlers = HandlersOf<typeof assistantChannels>;

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

export function buildAssistantHandlers({ assistant: a, config }: { assistant: AssistantService; config: ConfigStore }): AssistantHandlers {
  return {
    'assistant.status': () => a.status(),
    'assistant.settings.update': (patch) => a.updateSettings(patch),
    'assistant.sessions.create': ({ engine }) => a.create(engine),
    'assistant.sessions.list': () => a.list(),
    'assistant.sessions.messages': ({ id }) => a.messages(id),
    'assistant.sessions.close': ({ id }) => a.close(id),
    'assistant.say': ({ sessionId, text }) => a.say(sessionId, text),
    'assistant.hear': ({ sessionId, wav }) => a.hear(sessionId, bytes(wav)),
    'assistant.interrupt': ({ sessionId }) => a.interrupt(sessionId),
    'assistant.agent.audio': ({ sessionId, pcm }) => a.agentAudio(sessionId, bytes(pcm)),
    'assistant.config.get': ({ file }) => config.view(file),
    'assistant.config.save': ({ file, text }) => config.save(file, text),
    'assistant.config.reset': ({ file }) => config.reset(file),
  };
}
