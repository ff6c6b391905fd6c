import { createHttpHandler } from '../../shared/http/create-http-handler';
import { awsRuntime } from '../../shared/runtime/aws-runtime';
import { authHandlers } from './handlers';

export const handler = createHttpHandler('auth', authHandlers, awsRuntime);
