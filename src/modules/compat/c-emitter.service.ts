import { Injectable } from '@nestjs/common';
import { emitConverterC } from '../../core/conversion/emit-c';
import { emitLayoutHeader } from '../../core/conversion/emit-layout-header';
import { RegisteredLayouts } from '../registry/registered-layouts.service';
import { RegistryService } from '../registry/registry.service';

// C source generated from registered layouts: a converter between two (GET
// /converters/:from/:to.c) and one layout's struct header (GET /layouts/:name.h).
@Injectable()
export class CEmitterService {
  constructor(
    private readonly registry: RegistryService,
    private readonly layouts: RegisteredLayouts,
  ) {}

  async converterC(from: string, to: string): Promise<string> {
    const { a, b } = await this.layouts.pair(from, to);
    const { plan } = this.registry.layouts.plan(from, to);
    const banner = `/* vmcs12 converter ${from} (${a.fingerprint}) -> ${to} (${b.fingerprint}), plan ${plan.id} */\n`;
    return banner + emitConverterC(plan, a.layout, b.layout);
  }

  async header(name: string): Promise<string> {
    return emitLayoutHeader(name, (await this.layouts.one(name)).layout);
  }
}
