import { createHttpHandler } from '../../shared/http/create-http-handler';
import { awsRuntimeWithFiles } from '../../shared/runtime/aws-runtime-with-files';
import { filesHandlers } from './handlers';

export const handler = createHttpHandler('files', filesHandlers, awsRuntimeWithFiles);
