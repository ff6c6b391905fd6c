import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

/** The web app: built to frontend/dist, which the local twin serves and the web stack uploads to S3. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [solid()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The Solid JSX transform is most of a build by nature; its timing warning would greet every `npm start`.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
