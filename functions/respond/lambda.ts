import { createHttpHandler } from '../../shared/http/create-http-handler';
import { awsRuntime } from '../../shared/runtime/aws-runtime';
import { respondHandlers } from './handlers';

export const handler = createHttpHandler('respond', respondHandlers, awsRuntime);
