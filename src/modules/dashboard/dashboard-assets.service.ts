import { Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveAsset } from './asset-path';
import { findPackageRoot } from './package-root';

export interface Asset {
  body: Buffer;
  contentType: string;
}

// Reads the built dashboard (dist/dashboard, written by scripts/build-dashboard.mjs) at request
// time, so a rebuild shows up without a restart.
@Injectable()
export class DashboardAssetsService {
  readonly root = join(findPackageRoot(__dirname), 'dist', 'dashboard');

  async read(requested: string): Promise<Asset> {
    const asset = resolveAsset(this.root, requested);
    if (asset === undefined) {
      throw new NotFoundException(`no dashboard asset ${requested}`);
    }
    try {
      return { body: await readFile(asset.path), contentType: asset.contentType };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
      if (requested === 'index.html') {
        throw new ServiceUnavailableException('the dashboard is not built: run node scripts/build-dashboard.mjs');
      }
      throw new NotFoundException(`no dashboard asset ${requested}`);
    }
  }
}
