/**
 * Imports point one way (docs/architecture.md, "Layers"). `npm run lint` runs this, so a new
 * cycle or an upward import fails CI. Type-only imports count: a type is still a dependency.
 */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Modules must not import each other in a circle.",
      from: {},
      to: { circular: true },
    },
    {
      name: "db-is-the-bottom",
      severity: "error",
      comment: "db/ (schema, queries, client) knows nothing of the app above it, except lib/env.",
      from: { path: "^db/" },
      to: { path: "^(lib/(?!env\\.ts)|app/|components/|scripts/)" },
    },
    {
      name: "lib-not-ui",
      severity: "error",
      comment: "lib/ never imports pages or components.",
      from: { path: "^lib/" },
      to: { path: "^(app|components)/" },
    },
    {
      name: "components-not-pages",
      severity: "error",
      comment: "Shared components never import a page's actions; page-owned ones live in _components/.",
      from: { path: "^components/" },
      to: { path: "^app/" },
    },
    {
      name: "tutor-domain-knows-no-protocol",
      severity: "error",
      comment: "lib/tutor and lib/rag are the domain; only the ChatKit adapter (lib/chatkit) translates.",
      from: { path: "^lib/(tutor|rag|content)/" },
      to: { path: "^lib/chatkit/" },
    },
    {
      name: "no-scripts-from-app",
      severity: "error",
      comment: "The CLI sits on top; nothing in the app imports it.",
      from: { path: "^(app|lib|db|components)/" },
      to: { path: "^scripts/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
