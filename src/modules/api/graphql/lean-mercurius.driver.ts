import { MercuriusDriver } from '@nestjs/mercurius';
import type { MercuriusDriverConfig } from '@nestjs/mercurius';

type ContextFn = (...args: unknown[]) => unknown;

interface DriverInternals {
  resolverDecoratorHost?: { hasRequestHooks(): boolean };
  assignReqProperty(ctx: unknown, req: unknown): unknown;
}

// Nest's mercurius driver, without two costs it puts on every GraphQL request that this service
// does not use (issue 18; BENCHMARKS.md):
// - It adds an async preParsing and an async onResolution hook to mercurius, for the "request
//   start/end" hooks a library may register on Nest's ResolverDecoratorHost; with none
//   registered they do nothing, but each still costs a promise and a turn of the microtask queue.
//   They are wired only when the host has hooks when the driver starts, as Nest does.
// - It wraps the context function in an async function that awaits it, even a synchronous one
//   (mergeDefaultOptions). Here a synchronous context stays synchronous, with the same `req`
//   added; mercurius awaits whatever the function returns in any case.
export class LeanMercuriusDriver extends MercuriusDriver {
  override async start(options: MercuriusDriverConfig): Promise<void> {
    const self = this as unknown as DriverInternals;
    const host = self.resolverDecoratorHost;
    if (host === undefined || host.hasRequestHooks()) {
      return super.start(options);
    }
    self.resolverDecoratorHost = undefined; // registerMercuriusRequestHooks then adds nothing
    try {
      await super.start(options);
    } finally {
      self.resolverDecoratorHost = host;
    }
  }

  override async mergeDefaultOptions(options: MercuriusDriverConfig): Promise<MercuriusDriverConfig> {
    const merged = await super.mergeDefaultOptions(options);
    const context = options.context as ContextFn | undefined;
    if (typeof context === 'function') {
      const self = this as unknown as DriverInternals;
      merged.context = ((...args: unknown[]) => {
        const ctx = context(...args);
        return ctx instanceof Promise ? ctx.then((c: unknown) => self.assignReqProperty(c, args[0])) : self.assignReqProperty(ctx, args[0]);
      }) as MercuriusDriverConfig['context'];
    }
    return merged;
  }
}
