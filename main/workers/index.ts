export { forkChild, startWorker } from './entry';
export { AUDIO_NICE, setThreadNice } from './priority';
