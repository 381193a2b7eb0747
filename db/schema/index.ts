export * from "./audit";
export * from "./auth";
export * from "./chat";
export * from "./content";
export * from "./enrollment";
export * from "./oauth";
export * from "./progress";
