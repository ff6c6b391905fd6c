import type { PolicyDocument } from './policy-source.js';

/**
 * AWS managed policies the templates attach by ARN, with the statements AWS documents for their current
 * version (IAM console / `aws iam get-policy-version`). Only policies the app uses need to be here; an
 * unknown ARN is reported on the role rather than guessed.
 */
export const awsManagedPolicies: Record<string, PolicyDocument> = {
  'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
  },
  'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole': {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSLambdaVPCAccessExecutionPermissions',
        Effect: 'Allow',
        Action: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'ec2:CreateNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSubnets',
          'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses',
          'ec2:UnassignPrivateIpAddresses',
        ],
        Resource: '*',
      },
    ],
  },
};
