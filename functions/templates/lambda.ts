import { createHttpHandler } from '../../shared/http/create-http-handler';
import { awsRuntime } from '../../shared/runtime/aws-runtime';
import { templatesHandlers } from './handlers';

export const handler = createHttpHandler('templates', templatesHandlers, awsRuntime);
