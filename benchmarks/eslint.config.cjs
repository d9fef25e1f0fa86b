// The ESLint 9 configuration the benchmark compares against: about 25 core rules that
// a team would run on hook code (flat config, CommonJS sources).
module.exports = [
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "commonjs",
      globals: {
        require: "readonly", module: "writable", exports: "writable", console: "readonly",
        process: "readonly", setTimeout: "readonly", Buffer: "readonly",
      },
    },
    rules: {
      "no-undef": "error", "no-unused-vars": "warn", "no-unreachable": "error",
      "no-dupe-keys": "error", "no-dupe-args": "error", "no-duplicate-case": "error",
      "no-empty": "warn", "no-fallthrough": "error", "no-redeclare": "error",
      "no-self-assign": "error", "no-shadow": "warn", "no-use-before-define": "warn",
      "eqeqeq": "warn", "curly": "warn", "consistent-return": "warn", "default-case": "warn",
      "no-throw-literal": "error", "prefer-const": "warn", "no-var": "warn",
      "no-cond-assign": "error", "no-constant-condition": "warn", "no-unsafe-finally": "error",
      "no-useless-catch": "warn", "require-await": "warn", "no-return-await": "warn",
      "array-callback-return": "warn",
    },
  },
];
