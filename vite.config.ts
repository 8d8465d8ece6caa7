import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // Relative asset URLs so the build works from any sub-path (GitHub Pages, a tutorial's static folder).
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
});
