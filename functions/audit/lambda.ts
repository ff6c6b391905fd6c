import { createHttpHandler } from '../../shared/http/create-http-handler';
import { awsRuntime } from '../../shared/runtime/aws-runtime';
import { auditHandlers } from './handlers';

export const handler = createHttpHandler('audit', auditHandlers, awsRuntime);
