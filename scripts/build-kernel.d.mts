export declare const KERNEL_SOURCE: string;
export declare const KERNEL_WASM: string;
export declare const ASC_FLAGS: string[];
export declare function compileKernel(): Promise<Uint8Array>;
