// Types for the plain-JS map (the lint plugin runs untranspiled), so the rule tests typecheck.
export declare const REPO_ROOT: string;
export declare const CORE_LAYERS: Readonly<Record<string, number>>;
export declare const LAYER_NAMES: readonly string[];
export declare const SAME_LAYER_EDGES: ReadonlyArray<readonly [string, string]>;
export declare const PENDING_EXCEPTIONS: ReadonlyArray<{ file: string; imports: string; why: string }>;
export declare const WRITER_FOLDERS: readonly string[];
export declare function findEdgeCycle(edges: ReadonlyArray<readonly [string, string]>): string[] | undefined;
