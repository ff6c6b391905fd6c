import { createHttpHandler } from '../../shared/http/create-http-handler';
import { awsRuntime } from '../../shared/runtime/aws-runtime';
import { dashboardHandlers } from './handlers';

export const handler = createHttpHandler('dashboard', dashboardHandlers, awsRuntime);
