// Web mode: the renderer and the contract served to a browser over a token-guarded WebSocket.
export { launchWeb } from './launch';
