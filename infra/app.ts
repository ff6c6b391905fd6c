import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addOrchestraSystem } from './orchestra-system';
import { builtWebAppPath } from './stacks/web-stack';
import { readStageConfig } from './stage-config';

/**
 * The CDK app (`npm run synth`, `npx cdk deploy --all -c stage=prod -c domainName=…`). Context parameters
 * are described in infra/stage-config.ts.
 */
const app = new App();
const config = readStageConfig(app.node);
addOrchestraSystem(app, config, { webAssetsPath: builtWebAppPath() });

// `-c nag=true` runs the AwsSolutions checks during synth; the infra tests run them on every test run.
if (app.node.tryGetContext('nag') === true || app.node.tryGetContext('nag') === 'true') {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

app.synth();
