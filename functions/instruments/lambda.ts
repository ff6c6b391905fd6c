import { createHttpHandler } from '../../shared/http/create-http-handler';
import { awsRuntime } from '../../shared/runtime/aws-runtime';
import { instrumentsHandlers } from './handlers';

export const handler = createHttpHandler('instruments', instrumentsHandlers, awsRuntime);
