export declare const DEBIAN_CHROMIUM: string;
export declare function findChromium(): { path: string; source: string } | { path: null; source: string };
