import { createHttpHandler } from '../../shared/http/create-http-handler';
import { awsRuntime } from '../../shared/runtime/aws-runtime';
import { projectsHandlers } from './handlers';

export const handler = createHttpHandler('projects', projectsHandlers, awsRuntime);
