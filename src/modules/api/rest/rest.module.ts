import { Module } from '@nestjs/common';
import { WriteGuard } from '../../auth/write.guard';
import { CompatController } from './compat.controller';
import { EventsController } from './events.controller';
import { GovernanceController } from './governance.controller';
import { IdentifyController } from './identify.controller';
import { LayoutsController } from './layouts.controller';
import { LineagesController } from './lineages.controller';

@Module({
  controllers: [LayoutsController, CompatController, IdentifyController, EventsController, GovernanceController, LineagesController],
  providers: [WriteGuard],
})
export class RestModule {}
