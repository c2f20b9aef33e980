export { createAmpService, buildHardwareHandlers, type AmpService, type AmpServiceDeps } from './service';
export { createShakerGuard, guardMaster, type ShakerGuard, type ShakerGuardOptions } from './shaker-guard';
export { createAmpConnection, type AmpConnection, type ConnectTarget } from './connection';
export { listAmpPorts } from './ports';
