import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';

@Injectable()
export class HealthService {
  constructor(private readonly db: Database) {}

  async check(): Promise<{ status: string; database: string }> {
    const up = await this.db.ping();
    return { status: up ? 'ok' : 'degraded', database: up ? 'up' : 'down' };
  }
}
