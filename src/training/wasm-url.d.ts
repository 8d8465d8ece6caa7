// Vite's `?url` imports of the WASM backend's binaries (training.worker.ts). The training tsconfig has no
// vite/client types (it checks the worker's globals only), so the one module shape it needs is declared here.
declare module '*.wasm?url' {
  const url: string;
  export default url;
}
