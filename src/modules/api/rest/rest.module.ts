import { Module } from '@nestjs/common';
import { WriteGuard } from '../../auth/write.guard';
import { CompatController } from './compat.controller';
import { EventsController } from './events.controller';
import { GovernanceController } from './governance.controller';
import { LayoutsController } from './layouts.controller';
import { LineagesController } from './lineages.controller';

@Module({
  controllers: [LayoutsController, CompatController, EventsController, GovernanceController, LineagesController],
  providers: [WriteGuard],
})
export class RestModule {}
