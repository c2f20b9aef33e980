/** Worker-thread entry of the render loop (see render-loop.ts); started by the audio host. */
import { parentPort, workerData } from 'node:worker_threads';
import type { RingBuffers } from './ring';
import { createRenderLoop, type RenderCommand, type RenderEvent } from './render-loop';
import { AUDIO_NICE, setThreadNice } from '../workers';

setThreadNice(AUDIO_NICE);
const port = parentPort;
if (!port) throw new Error('render-worker must run as a worker thread');
const { buffers, aheadBlocks } = workerData as { buffers: RingBuffers; aheadBlocks: number };
const loop = createRenderLoop(buffers, { aheadBlocks, post: (e) => port.postMessage(e) });
port.on('message', (cmd: RenderCommand) => loop.handle(cmd));
port.postMessage({ t: 'ready' } satisfies RenderEvent);
void loop.done.then(() => port.close());
