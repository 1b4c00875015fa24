import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { ResolverDecoratorHost } from '@nestjs/graphql';
import { MercuriusDriver } from '@nestjs/mercurius';
import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { mercuriusHooks } from '../../../../test/support/mercurius-hooks';
import { LeanMercuriusDriver } from './lean-mercurius.driver';

// The driver against Nest's own, on a real Fastify with mercurius: the request hooks a library
// registers on ResolverDecoratorHost still run, none are added when there are none, and the
// context each driver makes from a synchronous or an asynchronous function is the same.
const schema = 'type Query { hello: String }';
const resolvers = { Query: { hello: () => 'world' } };
const opened: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((f) => f.close()));
});

async function started(driver: MercuriusDriver, host: ResolverDecoratorHost): Promise<FastifyInstance> {
  const fastify = Fastify();
  opened.push(fastify);
  Object.assign(driver, {
    httpAdapterHost: { httpAdapter: { getType: () => 'fastify', getInstance: () => fastify } },
    resolverDecoratorHost: host,
  });
  await driver.start({ schema, resolvers } as unknown as MercuriusDriverConfig);
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  return fastify;
}

async function ask(fastify: FastifyInstance, query: string): Promise<unknown> {
  const { port } = fastify.server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return response.json();
}

describe('LeanMercuriusDriver', () => {
  it('adds no request hooks to mercurius when none are registered, as Nest would add two idle ones', async () => {
    const lean = await started(new LeanMercuriusDriver(), new ResolverDecoratorHost());
    const nest = await started(new MercuriusDriver(), new ResolverDecoratorHost());
    expect([mercuriusHooks(lean).preParsing?.length, mercuriusHooks(lean).onResolution?.length]).toEqual([0, 0]);
    expect([mercuriusHooks(nest).preParsing?.length, mercuriusHooks(nest).onResolution?.length]).toEqual([1, 1]);
    expect(await ask(lean, '{ hello }')).toEqual(await ask(nest, '{ hello }'));
    expect(await ask(lean, '{ hello }')).toEqual({ data: { hello: 'world' } });
  });

  it("runs a library's request start and end hooks as Nest's driver does", async () => {
    const calls: string[] = [];
    const host = new ResolverDecoratorHost();
    host.setOnRequestStartHook((c: { query?: unknown }) => {
      calls.push(`start ${String(c.query)}`);
      return 'state';
    });
    host.setOnRequestEndHook((c: { state?: unknown }) => calls.push(`end ${String(c.state)}`));
    const lean = await started(new LeanMercuriusDriver(), host);
    expect(await ask(lean, '{ hello }')).toEqual({ data: { hello: 'world' } });
    expect(calls).toEqual(['start { hello }', 'end state']);
  });

  it('makes the context Nest makes, without a promise when the function returns none', async () => {
    const req = { id: 'r1' };
    const cases: Array<MercuriusDriverConfig['context']> = [() => ({ loaders: 1 }), async () => ({ loaders: 2 }), () => ({ req: { other: true } }), () => undefined];
    for (const context of cases) {
      const lean = (await new LeanMercuriusDriver().mergeDefaultOptions({ context } as MercuriusDriverConfig)).context as (...a: unknown[]) => unknown;
      const nest = (await new MercuriusDriver().mergeDefaultOptions({ context } as MercuriusDriverConfig)).context as (...a: unknown[]) => unknown;
      const made = lean(req, {});
      expect(made instanceof Promise).toBe((context as () => unknown)() instanceof Promise);
      expect(await made).toEqual(await nest(req, {}));
    }
  });
});
