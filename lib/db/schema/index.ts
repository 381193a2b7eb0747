export * from "./content";
export * from "./progress";
