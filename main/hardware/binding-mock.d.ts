// @serialport/binding-mock ships typings, but its package.json "exports" map hides them from
// `moduleResolution: Bundler`. The few members the tests use, declared here.
declare module '@serialport/binding-mock' {
  export interface MockPortBinding {
    isOpen: boolean;
    write(buffer: Buffer): Promise<void>;
    emitData(data: Buffer | string): void;
  }
  export const MockBinding: {
    open(options: { path: string; baudRate: number } & Record<string, unknown>): Promise<MockPortBinding>;
    createPort(path: string, opt?: { echo?: boolean; record?: boolean; readyData?: Buffer }): void;
    reset(): void;
    list(): Promise<unknown[]>;
  };
}
