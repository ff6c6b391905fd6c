import { createHttpHandler } from '../../shared/http/create-http-handler';
import { awsRuntimeWithFiles } from '../../shared/runtime/aws-runtime-with-files';
import { respondHandlers } from './handlers';

export const handler = createHttpHandler('respond', respondHandlers, awsRuntimeWithFiles);
