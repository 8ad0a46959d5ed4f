import type { Connection } from 'mongoose';
import type { TokenVerifier } from '@zhtj/service-kit';
import type { OrgProjection } from '@zhtj/store';
import type { AppDependencies } from './app.js';
import { FiguresWriter } from './events/figures-writer.js';
import { FiguresRepository } from './store/figures.repository.js';
import { statisticsModels } from './store/models.js';

export type StatisticsGraph = AppDependencies & { writer: FiguresWriter };

/** The service's object graph on its connections — shared by main.ts and the tests. */
export async function composeStatistics(
  mongo: Connection,
  options: { orgs: OrgProjection; verifyToken: TokenVerifier; now?: () => Date },
): Promise<StatisticsGraph> {
  const figures = new FiguresRepository(statisticsModels(mongo));
  await figures.init();
  return { figures, orgs: options.orgs, verifyToken: options.verifyToken, writer: new FiguresWriter(figures, options.now) };
}
