// The few mocha BDD globals the suite uses (mocha itself is installed in the toolchain cache, not in node_modules).
type MochaDone = (err?: unknown) => void;
type MochaFn = (this: unknown, done: MochaDone) => void | Promise<unknown>;
declare function describe(title: string, fn: (this: unknown) => void): void;
declare function it(title: string, fn: MochaFn | ((this: unknown) => void | Promise<unknown>)): void;
declare function before(fn: (this: unknown) => void | Promise<unknown>): void;
declare function after(fn: (this: unknown) => void | Promise<unknown>): void;
declare function beforeEach(fn: (this: unknown) => void | Promise<unknown>): void;
declare function afterEach(fn: (this: unknown) => void | Promise<unknown>): void;
