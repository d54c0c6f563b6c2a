// ESLint baseline: one syntactic rule that finds zeromq socket construction, no type information.
// Used only with --no-config-lookup -c, from inside the generated workspace (so it lints that tree).
import tsParser from "@typescript-eslint/parser";

export default [
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.js", "**/*.mjs", "**/*.cjs"],
    languageOptions: { parser: tsParser, ecmaVersion: "latest", sourceType: "module" },
    linterOptions: { reportUnusedDisableDirectives: "off" },
    rules: {
      "no-restricted-syntax": ["error", {
        selector: "NewExpression[callee.name=/^(Request|Reply|Dealer|Router|Publisher|Subscriber|Push|Pull|Pair|XPublisher|XSubscriber)$/]",
        message: "zeromq socket constructed here",
      }],
    },
  },
];
