// The esbuild options every bundle of this repository shares: self-contained CommonJS for Node 20.
export const NODE_BUNDLE = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  logLevel: "warning",
};
