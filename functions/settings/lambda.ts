import { createHttpHandler } from '../../shared/http/create-http-handler';
import { awsRuntime } from '../../shared/runtime/aws-runtime';
import { settingsHandlers } from './handlers';

export const handler = createHttpHandler('settings', settingsHandlers, awsRuntime);
