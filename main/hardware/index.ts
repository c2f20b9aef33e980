export { createAmpService, type AmpService, type AmpServiceDeps } from './service';
export { buildHardwareHandlers, type HardwareHandlers } from './handlers';
export { createAmpConnection, type AmpConnection, type ConnectTarget } from './connection';
export { listAmpPorts } from './ports';
export type { AmpLimits } from './connection';
export type { SerialBinding } from './transport';
