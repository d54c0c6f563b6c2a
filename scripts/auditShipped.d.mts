export declare const BUNDLES: string[];
export declare function bundledPackages(bundleText: string): Set<string>;
export type Verdict =
  | { unavailable: string }
  | { inShipped: { name: string; severity: string; shipped: boolean }[]; devOnly: number; blocking: { name: string; severity: string; shipped: boolean }[] };
export declare function judge(report: unknown, shipped: ReadonlySet<string>): Verdict;
