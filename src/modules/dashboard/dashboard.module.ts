import { Module } from '@nestjs/common';
import { DashboardAssetsService } from './dashboard-assets.service';
import { DashboardController } from './dashboard.controller';

@Module({ controllers: [DashboardController], providers: [DashboardAssetsService] })
export class DashboardModule {}
