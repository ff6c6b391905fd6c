import { writeFileSync } from 'node:fs';
import { renderApiDoc } from './api-doc';

writeFileSync(new URL('../../docs/api.md', import.meta.url), renderApiDoc());
console.log('wrote docs/api.md');
